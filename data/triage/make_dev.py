#!/usr/bin/env python3
"""Builds eval/dossiers-dev.jsonl: hand-written dossier descriptions (not taken from training.jsonl templates) with gold
procedure code, submitted papers in everyday words, gold missing mandatory papers and the expected new unit(s).
Run from the repository root: python3 data/triage/make_dev.py"""
import json, re, csv

procs = {p['procedure_code']: p for p in json.load(open('data/procedures/land_procedures_dongnai_2025_summary.json', encoding='utf-8'))}
mapping = {}
for r in csv.DictReader(open('data/admin-units/hanoi_old_to_new_mapping.csv', encoding='utf-8-sig')):
    mapping.setdefault((r['old_commune_name'], r['old_district_name']), []).append(r['new_code'])

def paper(line):
    return re.sub(r'\s*\(.*$', '', re.sub(r'^[-•*]\s*', '', line.strip())).strip()

def mandatory(code):
    out, group = [], None
    for l in procs[code]['required_documents']:
        s = l.strip()
        if not s: continue
        if s.startswith('#'):
            group = 'case' if 'Tùy trường hợp' in s or 'Tuy truong hop' in s else 'x'; continue
        if s.startswith('*'): continue
        n = re.sub(r'^[-•*]\s*', '', s)
        low = n.lower()
        if group == 'case' or '(nếu' in low or '(đối với' in low or 'trường hợp' in low or low.startswith('hoặc '): continue
        out.append(n)
    return out

# what an everyday paper name stands for (first words of the catalogue paper it covers)
KNOWN = {
  'sổ đỏ': 'Bản gốc Giấy chứng nhận', 'so do': 'Bản gốc Giấy chứng nhận', 'sổ hồng': 'Bản gốc Giấy chứng nhận', 'bìa đỏ gốc': 'Bản gốc Giấy chứng nhận',
  'giấy chứng nhận bản gốc': 'Bản gốc Giấy chứng nhận', 'GCN gốc': 'Bản gốc Giấy chứng nhận',
  'mẫu 18': 'Đơn đăng ký biến động', 'mau 18': 'Đơn đăng ký biến động', 'đơn đăng ký biến động': 'Đơn đăng ký biến động', 'don dang ky bien dong': 'Đơn đăng ký biến động',
  'đơn tách thửa': 'Đơn đề nghị tách thửa', 'don tach thua': 'Đơn đề nghị tách thửa', 'bản vẽ tách thửa': 'Bản vẽ tách thửa', 'ban ve tach thua': 'Bản vẽ tách thửa',
  'phiếu yêu cầu đăng ký thế chấp': 'Phiếu yêu cầu đăng ký biện pháp bảo đảm', 'hợp đồng thế chấp': 'Hợp đồng bảo đảm', 'hợp đồng bảo đảm': 'Hợp đồng bảo đảm', 'hop dong the chap': 'Hợp đồng bảo đảm',
  'phiếu yêu cầu xóa thế chấp': 'Phiếu yêu cầu xóa đăng ký', 'văn bản đồng ý xóa thế chấp của ngân hàng': 'Văn bản đồng ý xóa',
  'đơn hòa giải': 'Đơn yêu cầu hòa giải', 'don yeu cau hoa giai': 'Đơn yêu cầu hòa giải',
  'mẫu 04': 'Đơn đăng ký đất đai', 'đơn đăng ký cấp sổ lần đầu': 'Đơn đăng ký đất đai', 'don dang ky dat dai': 'Đơn đăng ký đất đai',
  'phiếu yêu cầu cung cấp thông tin': 'Phiếu yêu cầu cung cấp thông tin', 'phieu yeu cau cung cap du lieu': 'Phiếu yêu cầu cung cấp thông tin',
  'bản vẽ hợp thửa': 'Bản vẽ tách thửa', 'đơn đề nghị tách thửa': 'Đơn đề nghị tách thửa', 'đơn đề nghị hợp thửa': 'Đơn đề nghị tách thửa',
  'đơn đăng ký đất đai': 'Đơn đăng ký đất đai', 'báo cáo rà soát hiện trạng': 'Báo cáo rà soát', 'phiếu yêu cầu': 'Phiếu yêu cầu',
  'phiếu yêu cầu đăng ký thay đổi': 'Phiếu yêu cầu', 'phiếu yêu cầu xóa đăng ký': 'Phiếu yêu cầu',
  'phiếu yêu cầu đăng ký thông báo xử lý tài sản bảo đảm': 'Phiếu yêu cầu', 'văn bản chứng nhận đăng ký thế chấp': 'Văn bản chứng nhận đăng ký thế chấp',
  'văn bản thanh lý hợp đồng thuê lại': 'Văn bản về việc xóa cho thuê', 'hợp đồng chuyển nhượng phần đất tăng thêm': 'Giấy tờ về việc nhận chuyển quyền',
  'biên bản bàn giao nhà': 'Biên bản bàn giao', 'biên bản bàn giao': 'Biên bản bàn giao', 'hợp đồng mua bán căn hộ': 'Hợp đồng chuyển nhượng QSDĐ',
  'hợp đồng mua bán': 'Hợp đồng chuyển nhượng QSDĐ', 'văn bản kiến nghị': 'Văn bản kiến nghị', 'đơn kiến nghị': 'Văn bản kiến nghị',
  'đơn yêu cầu giải quyết tranh chấp': 'Đơn yêu cầu giải quyết tranh chấp', 'biên bản hòa giải không thành': 'Biên bản hòa giải',
  'chứng từ nộp tiền sử dụng đất': 'Giấy tờ chứng minh đã hoàn thành', 'biên lai nộp tiền': 'Giấy tờ chứng minh đã hoàn thành',
  'phiếu yêu cầu đăng ký thế chấp': 'Phiếu yêu cầu', 'hợp đồng chuyển nhượng': 'Hợp đồng hoặc văn bản về việc chuyển quyền',
}
import unicodedata
def fold(s):
    s = unicodedata.normalize('NFD', s.replace('đ', 'd').replace('Đ', 'D').lower())
    return ''.join(c for c in s if unicodedata.category(c) != 'Mn')
KNOWN = {fold(k): v for k, v in KNOWN.items()}

# (gold code, description, submitted papers, old commune, old district, new unit, applicant type)
D = [
 ('1.012784', 'Ông Phạm Văn Định đề nghị tách mảnh đất 120m2 thành hai thửa để chia cho hai con', ['đơn tách thửa', 'sổ đỏ'], 'Phường Khâm Thiên', 'Quận Đống Đa', None, 'individual'),
 ('1.012784', 'tach 1 thua thanh 3 thua de ban bot mot phan', ['don tach thua', 'ban ve tach thua', 'so do'], 'Xã Tiên Dược', 'Huyện Sóc Sơn', None, 'individual'),
 ('1.012784', 'Gộp hai thửa liền kề đã mua thành một thửa đứng tên bà Hoa', ['sổ đỏ', 'sổ đỏ thửa thứ hai', 'bản vẽ hợp thửa'], 'Xã Nam Hồng', 'Huyện Đông Anh', None, 'individual'),
 ('1.012784', 'Xin chia đôi lô đất ở thôn Đoài, đã có bản vẽ do công ty đo đạc lập', ['bản vẽ tách thửa', 'đơn đề nghị tách thửa'], None, None, 'Xã Đan Phượng', 'individual'),
 ('1.013831', 'Vợ chồng anh Tuấn mua lại mảnh đất của ông Bình, đã công chứng hợp đồng, nay làm thủ tục sang tên', ['mẫu 18', 'sổ đỏ', 'hợp đồng chuyển nhượng công chứng', 'tờ khai thuế thu nhập cá nhân'], 'Xã Lại Yên', 'Huyện Hoài Đức', None, 'individual'),
 ('1.013831', 'sang ten so do do bo me cho con trai', ['mau 18', 'hop dong tang cho', 'so do'], 'Xã Khánh Thượng', 'Huyện Ba Vì', None, 'individual'),
 ('1.013831', 'Khai nhận thừa kế nhà đất do mẹ để lại, các anh chị em đã thỏa thuận cho em út đứng tên', ['văn bản thỏa thuận phân chia di sản', 'giấy chứng tử', 'sổ hồng'], 'Phường Vạn Phúc', 'Quận Hà Đông', None, 'individual'),
 ('1.013831', 'Công ty cổ phần Hòa Bình nhận góp vốn bằng quyền sử dụng đất của thành viên', ['hợp đồng góp vốn', 'mẫu 18', 'GCN gốc'], None, None, 'Phường Hà Đông', 'organization'),
 ('1.013831', 'Đổi ruộng cho nhau giữa hai hộ trong thôn để canh tác thuận tiện', ['hợp đồng chuyển đổi', 'đơn đăng ký biến động'], 'Xã Trường Yên', 'Huyện Chương Mỹ', None, 'individual'),
 ('1.013831', 'chuyen nhuong dat nong nghiep cho hang xom, hop dong da chung thuc tai UBND xa', ['hop dong chuyen nhuong', 'so do', 'mau 18'], 'Xã Cao Viên', 'Huyện Thanh Oai', None, 'individual'),
 ('1.012786', 'Nhà bị trộm đột nhập lấy mất giấy chứng nhận quyền sử dụng đất, đã trình báo công an', ['đơn đăng ký biến động', 'giấy xác nhận của công an'], 'Xã Liên Châu', 'Huyện Thanh Oai', None, 'individual'),
 ('1.012786', 'lam mat so do khi chuyen nha, xin cap lai', ['mau 18'], 'Xã Tự Nhiên', 'Huyện Thường Tín', None, 'individual'),
 ('1.012786', 'Sổ hồng bị cháy trong vụ hỏa hoạn tháng trước, đề nghị cấp lại', [], 'Phường Lý Thái Tổ', 'Quận Hoàn Kiếm', None, 'individual'),
 ('1.012783', 'Sổ đỏ cấp năm 1998 đã rách nát, mờ chữ, xin đổi sang mẫu giấy chứng nhận mới', ['sổ đỏ', 'mẫu 18'], 'Xã Minh Cường', 'Huyện Thường Tín', None, 'individual'),
 ('1.012783', 'cap doi giay chung nhan do do dac lai ban do dia chinh cua xa', ['so do'], 'Xã Quang Hà', 'Huyện Phú Xuyên', None, 'individual'),
 ('1.012783', 'Giấy chứng nhận hết trang ghi biến động, đề nghị đổi sổ mới', ['sổ hồng', 'đơn đăng ký biến động'], None, None, 'Phường Giảng Võ', 'individual'),
 ('1.013978', 'Hộ ông Nguyễn Văn Sáu sử dụng đất ổn định từ năm 1990, chưa được cấp giấy chứng nhận, nay đề nghị cấp lần đầu', ['mẫu 04', 'giấy tờ mua bán viết tay năm 1990'], 'Thị trấn Vân Đình', 'Huyện Ứng Hòa', None, 'individual'),
 ('1.013978', 'lam so do lan dau cho dat ong ba de lai, chua co giay to', ['don dang ky dat dai'], 'Xã Trầm Lộng', 'Huyện Ứng Hòa', None, 'individual'),
 ('1.013978', 'Đất khai hoang từ những năm 80, gia đình muốn được công nhận quyền sử dụng đất', [], 'Xã Mỹ Xuyên', 'Huyện Mỹ Đức', None, 'individual'),
 ('1.012753', 'Trường mầm non tư thục đang sử dụng đất làm trụ sở, chưa có giấy chứng nhận, đề nghị đăng ký lần đầu', ['đơn đăng ký đất đai', 'báo cáo rà soát hiện trạng'], None, None, 'Xã Phúc Sơn', 'organization'),
 ('1.012753', 'Cong ty TNHH Thang Long dang su dung dat nha xuong, de nghi cap giay chung nhan lan dau cho to chuc', ['mau 04'], 'Xã Hợp Tiến', 'Huyện Mỹ Đức', None, 'organization'),
 ('1.011441', 'Anh Khoa vay Ngân hàng Vietcombank 2 tỷ, thế chấp bằng quyền sử dụng đất ở', ['phiếu yêu cầu đăng ký thế chấp', 'hợp đồng thế chấp', 'sổ đỏ'], 'Xã Kim Quan', 'Huyện Thạch Thất', None, 'individual'),
 ('1.011441', 'dang ky the chap nha dat de vay von kinh doanh', ['hop dong the chap', 'so do'], 'Xã Cấn Hữu', 'Huyện Quốc Oai', None, 'individual'),
 ('1.011441', 'Ngân hàng nộp hồ sơ đăng ký biện pháp bảo đảm cho khoản vay của khách hàng', ['phiếu yêu cầu', 'hợp đồng bảo đảm'], None, None, 'Phường Ngọc Hà', 'organization'),
 ('1.011442', 'Bổ sung thêm tài sản thế chấp vào hợp đồng đã đăng ký, đề nghị đăng ký thay đổi', ['phiếu yêu cầu đăng ký thay đổi', 'hợp đồng sửa đổi'], 'Xã Hữu Văn', 'Huyện Chương Mỹ', None, 'individual'),
 ('1.011442', 'thay doi ben nhan the chap do ngan hang sap nhap', ['phieu yeu cau dang ky thay doi'], None, None, 'Xã Trần Phú', 'organization'),
 ('1.011443', 'Đã trả hết nợ ngân hàng, đề nghị xóa đăng ký thế chấp để lấy sổ về', ['phiếu yêu cầu xóa thế chấp', 'văn bản đồng ý xóa thế chấp của ngân hàng'], 'Xã Phúc Hòa', 'Huyện Phúc Thọ', None, 'individual'),
 ('1.011443', 'giai chap so do sau khi tat toan khoan vay', ['phieu yeu cau xoa dang ky'], 'Xã Sơn Đông', 'Thị xã Sơn Tây', None, 'individual'),
 ('1.011444', 'Ngân hàng đăng ký thông báo xử lý tài sản bảo đảm là quyền sử dụng đất do khách hàng không trả được nợ', ['phiếu yêu cầu đăng ký thông báo xử lý tài sản bảo đảm'], None, None, 'Xã Phù Đổng', 'organization'),
 ('1.011445', 'Chuyển tiếp đăng ký thế chấp căn hộ hình thành trong tương lai sau khi đã có giấy chứng nhận', ['phiếu yêu cầu', 'văn bản chứng nhận đăng ký thế chấp'], 'Phường Liên Mạc', 'Quận Bắc Từ Liêm', None, 'individual'),
 ('1.012756', 'UBND xã đăng ký đất công ích được Nhà nước giao để quản lý', ['mẫu 04'], None, None, 'Xã Vật Lại', 'organization'),
 ('1.012766', 'Công ty trong khu công nghiệp chấm dứt hợp đồng thuê lại đất, đề nghị xóa đăng ký cho thuê lại', ['văn bản thanh lý hợp đồng thuê lại'], None, None, 'Xã Thạch Thất', 'organization'),
 ('1.012781', 'Nhận chuyển nhượng thêm 20m2 đất liền kề của hàng xóm, nay đề nghị cấp giấy chứng nhận cho phần diện tích tăng thêm', ['sổ đỏ', 'hợp đồng chuyển nhượng phần đất tăng thêm'], 'Xã Bắc Sơn', 'Huyện Sóc Sơn', None, 'individual'),
 ('1.012781', 'dien tich thuc te rong hon so voi so do thay doi ranh gioi thua dat', ['so do', 'mau 18'], 'Xã Kim Quan', 'Huyện Thạch Thất', None, 'individual'),
 ('1.012782', 'Sổ cấp năm 2002 chỉ công nhận một phần diện tích là đất ở, phần vườn còn lại chưa được cấp, đề nghị cấp tiếp', ['sổ đỏ'], 'Xã Khánh Thượng', 'Huyện Ba Vì', None, 'individual'),
 ('1.012785', 'Mua đất bằng giấy viết tay năm 2015, người bán đã chuyển vào Nam không liên lạc được, chưa sang tên', ['giấy mua bán viết tay', 'sổ đỏ của người bán', 'mẫu 18'], 'Xã Nam Hồng', 'Huyện Đông Anh', None, 'individual'),
 ('1.012785', 'mua dat giay tay truoc 2024, so van dung ten chu cu, de nghi dang ky', ['giay tay', 'so do'], 'Xã Liên Châu', 'Huyện Thanh Oai', None, 'individual'),
 ('1.012787', 'Chị Mai mua căn hộ chung cư tại dự án của chủ đầu tư Vinhomes, đã nhận bàn giao, đề nghị cấp giấy chứng nhận', ['hợp đồng mua bán căn hộ', 'biên bản bàn giao nhà'], None, None, 'Phường Hà Đông', 'individual'),
 ('1.012787', 'cap so hong cho nguoi mua dat nen trong khu do thi, chu dau tu da nop ho so', ['hop dong mua ban', 'bien ban ban giao'], 'Phường Vạn Phúc', 'Quận Hà Đông', None, 'individual'),
 ('1.012789', 'Xin trích lục bản đồ địa chính thửa đất số 45 để kiểm tra trước khi mua', ['phiếu yêu cầu cung cấp thông tin'], 'Phường Khâm Thiên', 'Quận Đống Đa', None, 'individual'),
 ('1.012789', 'tra cuu thong tin quy hoach va tinh trang phap ly cua thua dat', ['phieu yeu cau cung cap du lieu'], None, None, 'Phường Văn Miếu - Quốc Tử Giám', 'individual'),
 ('1.012790', 'Giấy chứng nhận ghi sai năm sinh của chủ sử dụng, đề nghị đính chính', ['sổ đỏ', 'căn cước công dân'], 'Xã Tiên Dược', 'Huyện Sóc Sơn', None, 'individual'),
 ('1.012790', 'so do bi in sai ten dem cua chu so huu can dinh chinh', ['so do'], 'Xã Quang Hà', 'Huyện Phú Xuyên', None, 'individual'),
 ('1.012796', 'Sổ đỏ cấp lần đầu tháng trước bị ghi nhầm số thửa, đề nghị đính chính', ['sổ đỏ'], 'Xã Hợp Tiến', 'Huyện Mỹ Đức', None, 'individual'),
 ('1.012791', 'Phát hiện giấy chứng nhận được cấp chồng lấn sang đất nhà bên, tự nguyện kiến nghị thu hồi và cấp lại cho đúng', ['văn bản kiến nghị', 'sổ đỏ'], 'Xã Trường Yên', 'Huyện Chương Mỹ', None, 'individual'),
 ('1.012818', 'Giấy chứng nhận cấp lần đầu không đúng quy định, người sử dụng đất đề nghị thu hồi và cấp lại', ['đơn kiến nghị', 'GCN gốc'], 'Xã Cao Viên', 'Huyện Thanh Oai', None, 'individual'),
 ('1.012812', 'Hàng xóm xây tường lấn sang đất nhà tôi khoảng 1 mét, đề nghị UBND phường hòa giải', ['đơn hòa giải'], 'Phường Lý Thái Tổ', 'Quận Hoàn Kiếm', None, 'individual'),
 ('1.012812', 'tranh chap loi di chung giua hai ho, yeu cau xa hoa giai', ['don yeu cau hoa giai'], 'Xã Sơn Đông', 'Thị xã Sơn Tây', None, 'individual'),
 ('1.012812', 'Hai anh em tranh chấp ranh giới đất ông bà để lại, xin hòa giải tại xã', [], 'Xã Tự Nhiên', 'Huyện Thường Tín', None, 'individual'),
 ('1.012805', 'Đã hòa giải ở xã không thành, công ty đề nghị Chủ tịch UBND thành phố giải quyết tranh chấp đất đai', ['đơn yêu cầu giải quyết tranh chấp', 'biên bản hòa giải không thành'], None, None, 'Xã Phú Nghĩa', 'organization'),
 ('1.012817', 'Sổ đỏ cấp năm 2001, đất vườn ao trong cùng thửa với đất ở, đề nghị xác định lại diện tích đất ở theo luật mới', ['sổ đỏ', 'mẫu 18'], 'Xã Minh Cường', 'Huyện Thường Tín', None, 'individual'),
 ('1.013833', 'Đổi từ chứng minh nhân dân sang căn cước công dân, đề nghị cập nhật thông tin trên giấy chứng nhận', ['căn cước', 'sổ đỏ', 'mẫu 18'], 'Xã Phúc Hòa', 'Huyện Phúc Thọ', None, 'individual'),
 ('1.013833', 'cap nhat dia chi thua dat sau sap nhap xa phuong tren so do', ['so do', 'don dang ky bien dong'], 'Xã Lại Yên', 'Huyện Hoài Đức', None, 'individual'),
 ('1.013833', 'Đất bị sạt lở bờ sông làm giảm diện tích, đề nghị đăng ký biến động', ['đơn đăng ký biến động'], 'Xã Phù Đổng', 'Huyện Gia Lâm', None, 'individual'),
 ('1.013833', 'Công ty đổi tên theo giấy đăng ký doanh nghiệp mới, đề nghị ghi tên mới trên giấy chứng nhận', ['giấy chứng nhận đăng ký doanh nghiệp', 'GCN gốc'], None, None, 'Phường Thượng Cát', 'organization'),
 ('1.013947', 'Đất trồng lúa giao năm 1993 đã hết thời hạn sử dụng, đề nghị xác nhận tiếp tục sử dụng', ['sổ đỏ', 'đơn đề nghị'], 'Xã Khánh Thượng', 'Huyện Ba Vì', None, 'individual'),
 ('1.013947', 'gia han dat nong nghiep het han, xin tiep tuc su dung', ['so do'], 'Xã Cấn Hữu', 'Huyện Quốc Oai', None, 'individual'),
 ('1.013980', 'Vợ chồng ly hôn, theo bản án của tòa án nhà đất thuộc về người vợ, đề nghị đăng ký biến động', ['bản án', 'sổ đỏ', 'mẫu 18'], 'Phường Vạn Phúc', 'Quận Hà Đông', None, 'individual'),
 ('1.013980', 'them ten vo vao so do theo thoa thuan tai san chung vo chong', ['van ban thoa thuan', 'so do', 'mau 18'], 'Xã Nam Hồng', 'Huyện Đông Anh', None, 'individual'),
 ('1.013980', 'Trúng đấu giá tài sản thế chấp là quyền sử dụng đất, đề nghị đăng ký sang tên người trúng đấu giá', ['hợp đồng mua bán tài sản đấu giá', 'sổ đỏ'], None, None, 'Xã Sóc Sơn', 'individual'),
 ('1.013988', 'Đã nộp đủ tiền sử dụng đất còn ghi nợ trên sổ, đề nghị xóa ghi nợ', ['sổ đỏ', 'chứng từ nộp tiền sử dụng đất'], 'Xã Mỹ Xuyên', 'Huyện Mỹ Đức', None, 'individual'),
 ('1.013988', 'xoa no le phi truoc ba tren giay chung nhan', ['so do', 'bien lai nop tien'], 'Xã Trầm Lộng', 'Huyện Ứng Hòa', None, 'individual'),
 ('1.013992', 'Chuyển đất trồng lúa sang đất nuôi trồng thủy sản, đào ao thả cá, thuộc trường hợp không phải xin phép', ['mẫu 18', 'sổ đỏ'], 'Xã Quang Hà', 'Huyện Phú Xuyên', None, 'individual'),
 ('1.013992', 'chuyen muc dich tu dat trong cay hang nam sang trong cay lau nam', ['so do'], 'Xã Hữu Văn', 'Huyện Chương Mỹ', None, 'individual'),
 ('1.013995', 'Xây xong nhà 3 tầng trên đất đã có sổ, đề nghị bổ sung tài sản là nhà ở vào giấy chứng nhận', ['giấy phép xây dựng', 'sổ đỏ', 'mẫu 18'], 'Xã Kim Quan', 'Huyện Thạch Thất', None, 'individual'),
 ('1.013995', 'dang ky quyen so huu nha o tren dat da co so, nha moi hoan cong', ['giay phep xay dung', 'so do'], 'Xã Tiên Dược', 'Huyện Sóc Sơn', None, 'individual'),
 ('1.012784', 'Hộ dân bị thu hồi một phần đất làm dự án Vành đai 4, đề nghị tách thửa phần còn lại', ['đơn tách thửa', 'sổ đỏ', 'quyết định thu hồi đất'], 'Xã Kim Chung', 'Huyện Hoài Đức', None, 'individual'),
 ('1.013831', 'Chuyển nhượng phần đất nằm ngoài phạm vi giải phóng mặt bằng cầu Tứ Liên', ['mẫu 18', 'sổ đỏ', 'hợp đồng chuyển nhượng'], 'Phường Nhật Tân', 'Quận Tây Hồ', None, 'individual'),
 ('1.012783', 'Cấp đổi giấy chứng nhận cho hộ dân trong phạm vi dự án đường Vành đai 1 đoạn Hoàng Cầu - Voi Phục', ['sổ đỏ', 'mẫu 18'], 'Phường Láng Hạ', 'Quận Đống Đa', None, 'individual'),
 ('1.012789', 'Cung cấp thông tin thửa đất phục vụ giải phóng mặt bằng đường sắt đô thị tuyến 2', ['phiếu yêu cầu cung cấp thông tin'], 'Phường Cửa Nam', 'Quận Hoàn Kiếm', None, 'organization'),
 ('1.012786', 'Mất giấy chứng nhận quyền sử dụng đất khi di chuyển, đã đăng tin báo mất trên báo', ['đơn đăng ký biến động', 'giấy xác nhận đăng tin'], 'Phường Cống Vị', 'Quận Ba Đình', None, 'individual'),
 ('1.013831', 'Bán nhà ở phố cổ cho người khác, hai bên đã ký hợp đồng tại văn phòng công chứng', ['hop dong chuyen nhuong', 'so hong', 'mau 18'], 'Phường Điện Biên', 'Quận Ba Đình', None, 'individual'),
 ('1.012784', 'hop thua hai manh dat lien ke thanh mot thua de xay nha', ['don de nghi hop thua', 'ban ve hop thua', 'so do'], 'Phường Ngọc Hà', 'Quận Ba Đình', None, 'individual'),
 ('1.013978', 'Cấp giấy chứng nhận lần đầu cho đất ở có nhà xây từ năm 1995, có xác nhận của UBND xã về sử dụng ổn định', ['đơn đăng ký đất đai', 'giấy xác nhận của xã'], 'Xã Hợp Tiến', 'Huyện Mỹ Đức', None, 'individual'),
 ('1.011441', 'The chap quyen su dung dat cho khoan vay tai Agribank chi nhanh huyen', ['phieu yeu cau dang ky the chap', 'hop dong the chap', 'so do'], 'Xã Trường Yên', 'Huyện Chương Mỹ', None, 'individual'),
 ('1.011443', 'Xóa đăng ký biện pháp bảo đảm sau khi đã tất toán hợp đồng tín dụng', ['phiếu yêu cầu xóa thế chấp'], 'Thị trấn Vân Đình', 'Huyện Ứng Hòa', None, 'individual'),
 ('1.012790', 'Sổ ghi sai diện tích so với hồ sơ đo đạc, đề nghị sửa lại cho đúng', ['sổ đỏ', 'mẫu 18'], 'Xã Tự Nhiên', 'Huyện Thường Tín', None, 'individual'),
 ('1.013980', 'Thi hành án giao nhà đất cho người được thi hành án theo quyết định của cơ quan thi hành án', ['quyết định thi hành án', 'mẫu 18'], 'Xã Phúc Hòa', 'Huyện Phúc Thọ', None, 'individual'),
 ('1.012812', 'Yêu cầu hòa giải tranh chấp mốc giới với nhà bên cạnh', ['đơn hòa giải'], 'Phường Cửa Nam', 'Quận Hoàn Kiếm', None, 'individual'),
 ('1.013995', 'Nâng tầng, cơi nới nhà ở, đề nghị đăng ký thay đổi tài sản gắn liền với đất', ['sổ đỏ', 'giấy phép xây dựng'], 'Xã Liên Châu', 'Huyện Thanh Oai', None, 'individual'),
]

def covered(submitted, m):
    for s in submitted:
        tgt = KNOWN.get(fold(s))
        if tgt and m.startswith(tgt): return True
    return False

out = []
for i, (code, desc, docs, oc, od, nu, at) in enumerate(D, 1):
    assert code in procs, code
    if oc:
        units = mapping.get((oc, od))
        assert units, (oc, od)
    else:
        units = None
    missing = [m for m in mandatory(code) if not covered(docs, m)]
    out.append({'id': f'DEV-{i:03d}', 'receivedAt': f'2026-{(i % 11) + 1:02d}-{(i % 27) + 1:02d}T09:30:00+07:00',
                'channel': ['counter', 'online', 'post'][i % 3], 'applicant': {'type': at}, 'description': desc, 'documents': docs,
                'parcel': {'oldCommune': oc, 'oldDistrict': od, 'newUnit': nu, 'address': None},
                'gold': {'procedureCode': code, 'missingDocuments': missing, 'unitCodes': units}})
with open('eval/dossiers-dev.jsonl', 'w', encoding='utf-8') as f:
    for r in out: f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(out), 'dossiers')
