"""Rendering the portal's pages from the content records, per request."""
