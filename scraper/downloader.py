"""Scrapy's downloader, holding each host to its concurrency limit again.

Scrapy 2.19's `Downloader._process_queue` starts each download as an asyncio task and counts
it as transferring only once that task runs; a single pass of its loop therefore takes every
queued request of a slot, whatever CONCURRENT_REQUESTS_PER_DOMAIN says (with the asyncio
reactor, a host saw 14 requests at once under a limit of 2). Counting a request as transferring
when it is taken from the queue keeps the limit: each portal host, and all the subsites under
it, get at most CONCURRENT_REQUESTS_PER_DOMAIN requests at once.
"""

from __future__ import annotations

from time import monotonic

from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro


class PoliteDownloader(Downloader):
    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:
            return  # a delayed pass is due: it goes on from there
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            # Counted now, not when its task starts: the next turn of the loop sees it.
            # (`_download` adds it again, a no-op, and removes it when the answer is in.)
            slot.transferring.add(request)
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:  # one request per delay
                self._process_queue(slot)
                break
