"""Words of the replica: Vietnamese civic-news sentences, titles, names and places of Bến Tre.

Written for the project (none is copied from the portal). Placeholders are filled by
`replica.text`: {place} a ward or commune, {unit} an office, {n} a count, {pct} a percentage
with a decimal comma, {money} an amount with dot thousands separators, {date} a day-first date,
{year} a year, {person} a name.
"""

from __future__ import annotations

PLACES = (
    "Phường 1",
    "Phường 2",
    "Phường 3",
    "Phường 4",
    "Phường 5",
    "Phường 6",
    "Phường 7",
    "Phường 8",
    "phường Phú Khương",
    "phường Phú Tân",
    "xã Sơn Đông",
    "xã Phú Hưng",
    "xã Mỹ Thạnh An",
    "xã Nhơn Thạnh",
    "xã Phú Nhuận",
    "xã Bình Phú",
    "xã Mỹ Thành",
    "xã Sơn Phú",
    "xã Hữu Định",
)

UNITS = (
    "Phòng Kinh tế",
    "Phòng Văn hóa và Thông tin",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Quản lý đô thị",
    "Trung tâm Văn hóa - Thể thao thành phố",
    "Hội Liên hiệp Phụ nữ thành phố",
    "Thành đoàn Bến Tre",
    "Công an thành phố",
    "Ban Chỉ huy Quân sự thành phố",
    "Hội Nông dân thành phố",
)

PEOPLE = (
    "Phương Thảo",
    "Minh Thư",
    "Hữu Hiệp",
    "Kim Ngân",
    "Hoàng Anh",
    "Thanh Tùng",
    "Ngọc Hân",
    "Trúc Ly",
    "Văn Đức",
    "Bảo Trân",
    "Quốc Huy",
    "Thùy Dương",
)

TOPICS = {
    "TinTucSuKien": (
        "Hội nghị tổng kết công tác {year} tại {place}",
        "Thành phố Bến Tre tổ chức lễ kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam",
        "{place} ra mắt mô hình “Tuyến đường hoa, cây xanh”",
        "Trao {n} phần quà Tết cho hộ nghèo {place}",
        "Đoàn công tác của tỉnh kiểm tra tiến độ xây dựng nông thôn mới tại {place}",
        "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ {n}",
        "Ra quân bảo đảm trật tự an toàn giao thông tại {place}",
        "Đối thoại với doanh nghiệp về thủ tục hành chính năm {year}",
        "Khánh thành cầu giao thông nông thôn tại {place}",
        "Sơ kết mô hình “Dân vận khéo” năm {year}",
    ),
    "ThongBao": (
        "Thông báo lịch tiếp công dân định kỳ tháng {month} của Chủ tịch UBND thành phố",
        "Thông báo tạm ngừng cung cấp điện khu vực {place}",
        "Thông báo tuyển dụng viên chức năm {year}",
        "Thông báo kết quả lựa chọn tổ chức đấu giá quyền sử dụng đất tại {place}",
        "Thông báo lịch nghỉ Tết Nguyên đán năm {year}",
        "Thông báo thu hồi đất thực hiện dự án chỉnh trang đô thị {place}",
        "Thông báo về việc lấy ý kiến nhân dân đối với quy hoạch phân khu {place}",
    ),
    "KinhTe": (
        "Kim ngạch xuất khẩu trên địa bàn thành phố năm {year} tăng {pct}",
        "Hợp tác xã dừa {place} ký kết tiêu thụ sản phẩm với doanh nghiệp",
        "Bình ổn giá hàng hóa phục vụ Tết Nguyên đán năm {year}",
        "Thu ngân sách {month_count} tháng đạt {pct} dự toán năm",
        "Hội thảo phát triển du lịch sinh thái gắn với vườn cây ăn trái tại {place}",
        "Nông dân {place} chuyển đổi sang trồng bưởi da xanh",
        "Phát triển chợ truyền thống gắn với văn minh thương mại năm {year}",
    ),
    "VanHoaXaHoi": (
        "Liên hoan đờn ca tài tử thành phố Bến Tre năm {year}",
        "Khai mạc Hội sách mùa xuân năm {year}",
        "Trao học bổng “Tiếp bước đến trường” cho {n} học sinh nghèo hiếu học",
        "Ngày hội gia đình thể thao {place}",
        "Hưởng ứng Tháng hành động quốc gia phòng, chống HIV/AIDS năm {year}",
        "Giải bóng đá thiếu niên thành phố Bến Tre năm {year}",
        "Khám bệnh, cấp thuốc miễn phí cho người cao tuổi tại {place}",
    ),
    "Pages": (
        "Khai mạc Lễ hội Dừa thành phố Bến Tre năm {year}",
        "Thành phố Bến Tre đón nhận danh hiệu đô thị loại II",
        "Công bố quy hoạch chung thành phố Bến Tre đến năm 2040",
        "{place} đạt chuẩn nông thôn mới nâng cao",
    ),
}

SENTENCES = (
    "Ngày {date}, Ủy ban nhân dân thành phố Bến Tre tổ chức hội nghị triển khai kế hoạch năm {year}.",
    "Tham dự hội nghị có đại diện lãnh đạo Thành ủy, Ủy ban nhân dân thành phố và {unit}.",
    "Theo báo cáo, trong năm qua {place} đã hoàn thành {n}/{n2} chỉ tiêu chủ yếu, đạt tỷ lệ {pct}.",
    "Tổng kinh phí thực hiện hơn {money} đồng, trong đó vốn ngân sách chiếm phần lớn.",
    "{unit} chủ trì, phối hợp với các xã, phường tăng cường kiểm tra, đôn đốc việc thực hiện.",
    "Phát biểu tại buổi lễ, đồng chí Phó Chủ tịch Ủy ban nhân dân thành phố ghi nhận những kết quả đã đạt được.",
    "Các địa phương đẩy mạnh tuyên truyền để người dân hiểu và đồng thuận thực hiện.",
    "Dịp này, {n} tập thể và cá nhân có thành tích xuất sắc được nhận giấy khen của Chủ tịch Ủy ban nhân dân thành phố.",
    "Hiện toàn thành phố có {n} hộ kinh doanh, {n2} doanh nghiệp và {n3} hợp tác xã đang hoạt động.",
    "Năm {year}, thu nhập bình quân đầu người của thành phố ước đạt {money} đồng.",
    "Chương trình diễn ra từ ngày {date} đến hết tháng, thu hút đông đảo người dân tham gia.",
    "Ban tổ chức đã trao {n} suất học bổng, mỗi suất trị giá {money} đồng.",
    "Đến nay, {place} đã bê tông hóa {n} tuyến đường giao thông nông thôn với tổng chiều dài hơn {n2} mét.",
    "Thời gian tới, thành phố tiếp tục rà soát, đơn giản hóa thủ tục hành chính, nâng cao chỉ số hài lòng của người dân.",
    "Hội Liên hiệp Phụ nữ thành phố vận động được {n} phần quà, tổng trị giá {money} đồng.",
    "Công an thành phố đã lập biên bản {n} trường hợp vi phạm, tạm giữ {n2} phương tiện.",
    "Mô hình trồng dừa hữu cơ tại {place} mang lại hiệu quả kinh tế cao, được nhân rộng ra nhiều địa phương.",
    "Lễ hội có nhiều hoạt động đặc sắc như thi nấu ăn từ dừa, hội thi đờn ca tài tử và triển lãm ảnh.",
    "Trong {n} tháng đầu năm, tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tăng {pct} so với cùng kỳ.",
    "Các trường học trên địa bàn đã chuẩn bị đầy đủ cơ sở vật chất cho năm học mới.",
    "Ngành y tế thành phố tổ chức khám sàng lọc cho {n} người cao tuổi và cấp thuốc miễn phí.",
    "Ủy ban nhân dân thành phố giao {unit} theo dõi, tổng hợp kết quả và báo cáo định kỳ.",
    "Người dân có nhu cầu liên hệ Bộ phận tiếp nhận và trả kết quả, số 7A, Đại lộ Đồng Khởi để được hướng dẫn.",
    "Dự án có tổng vốn đầu tư {money} đồng, dự kiến hoàn thành trong quý IV năm {year}.",
    "Qua kiểm tra, đoàn đánh giá cao sự chủ động của {place} trong công tác phòng, chống thiên tai.",
    "Đồng chí {person}, cán bộ {unit}, cho biết đơn vị đã chuẩn bị kỹ lưỡng cho đợt cao điểm này.",
    "Toàn thành phố có {n} đảng bộ, chi bộ cơ sở với hơn {n2} đảng viên.",
    "Kết quả, {n} hồ sơ được giải quyết đúng hạn, chiếm tỷ lệ {pct}.",
    "Hội thi nhằm tôn vinh những người làm công tác văn hóa cơ sở và giữ gìn bản sắc văn hóa dân tộc.",
    "Lực lượng đoàn viên thanh niên ra quân dọn vệ sinh, khai thông cống rãnh tại {place}.",
    "Nông dân được tập huấn kỹ thuật chăm sóc vườn cây ăn trái, phòng trừ sâu bệnh và ứng phó hạn mặn.",
    "Chợ Bến Tre sau khi cải tạo có {n} sạp hàng, bố trí khu vực kinh doanh hợp lý, thông thoáng.",
    "Từ đầu năm đến nay, thành phố đã giải quyết việc làm cho {n} lao động, đạt {pct} kế hoạch.",
    "Buổi làm việc đã thống nhất nhiều nội dung quan trọng liên quan đến công tác bồi thường, giải phóng mặt bằng.",
    "Các đơn vị cần chủ động xây dựng phương án, bảo đảm an ninh trật tự trong dịp lễ, Tết.",
    "Giải đấu có {n} vận động viên đến từ {n2} xã, phường tham gia tranh tài.",
    "Ủy ban nhân dân thành phố đề nghị người dân tiếp tục thực hiện nghiêm các quy định về phòng, chống dịch bệnh.",
    "Trạm Chăn nuôi và Thú y đã cấp {n} liều vắc-xin cho đàn gia súc, gia cầm trên địa bàn.",
    "Thành phố phấn đấu đến năm {year} có {pct} hộ gia đình đạt danh hiệu gia đình văn hóa.",
    "Nhân dịp này, lãnh đạo thành phố đã thăm hỏi, động viên các gia đình chính sách tại {place}.",
    "Theo kế hoạch, việc lấy ý kiến được thực hiện từ ngày {date} tại trụ sở Ủy ban nhân dân các xã, phường.",
    "Tuyến đường sau khi hoàn thành góp phần chỉnh trang đô thị, tạo cảnh quan xanh, sạch, đẹp.",
)

CAPTIONS = (
    "Quang cảnh hội nghị (Ảnh: {person})",
    "Lãnh đạo thành phố trao giấy khen cho các tập thể (Ảnh: {person})",
    "Người dân {place} tham gia ngày hội (Ảnh: {person})",
    "Đoàn công tác kiểm tra thực tế tại {place} (Ảnh: {person})",
    "Các đại biểu cắt băng khánh thành công trình (Ảnh: {person})",
)

IMAGE_STEMS = (
    "hoi-nghi",
    "trao-qua",
    "le-khanh-thanh",
    "ngay-hoi",
    "kiem-tra",
    "vuon-dua",
    "cho-ben-tre",
)

# Vietnamese file names, as editors saved them (spaces and diacritics)
IMAGE_NAMES_VI = ("Hội nghị tổng kết", "Trao quà Tết", "Lễ hội Dừa", "Ảnh đoàn công tác")

ATTACHMENT_NAMES = (
    "Kế hoạch thực hiện {year}",
    "Thông báo kết quả",
    "Danh sách hộ nghèo {year}",
    "Quyết định số {n}-QĐ-UBND",
    "Báo cáo tổng kết {year}",
)

# The lists themselves (names, display names, GUIDs) are data of each site: replica.profiles.
