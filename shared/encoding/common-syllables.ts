/**
 * Syllables that are frequent in cadastral attribute tables: family, middle and given names,
 * administrative and address words, land-use names and record vocabulary.
 *
 * Why a list at all: TCVN3 gives a letter to almost every byte, so text in another code page read
 * as TCVN3 often still forms *valid* but rare syllables ("Lê Văn Hùng" in Windows-1258 reads
 * "Lờ Vón Hựng" in TCVN3). Real text is dominated by a few hundred syllables; a guess that produces
 * them is far more likely right. The list only breaks ties between grammatical readings; it never
 * makes an ungrammatical word count.
 */
import { syllableKey } from './syllable.js';

const WORDS = `
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào mai trịnh lâm
lương tô tạ cao hà quách chu kiều thái tăng lưu văn hứa triệu đoàn la châu khúc từ mạc phùng giang
kim doãn thân lại âu ông vương nghiêm tôn thạch viên hàn đàm cù quang bạch diệp mạnh lò lục nông
sầm cầm bế hầu vi ma chế lã lạc
thị hữu đức công quốc minh ngọc thanh xuân thu bảo gia như đình trọng duy hoài tuấn anh thành trung
hồng phương thùy thủy diệu mỹ bích khánh hải quỳnh
an bình chi cường dũng dung đạt điệp định đông hạnh hằng hậu hiền hiếu hiệp hiển hòa hoa hoan hoàn
huệ hùng hưng hương hường huy huyền khang khải khoa kiên kiệt lam lan liên linh loan long lộc lợi
luân lực my nam nga ngân nghĩa nguyên nhân nhung oanh phát phong phú phúc phụng phượng quân quý
quyên sang sơn tâm tân thắng thảo thắm thịnh thông thúy thư tiến tín toàn trang trâm trí trinh
trúc tú tùng tường uyên vân việt vinh vĩnh yến sáu bảy tám chín mười hai ba tư năm bé út lài lệ
lụa lượng sỹ sĩ tài tiên tình tuyết vy yên ánh ân bắc cúc diễm dịu đoan gấm hạ hân huyên kha khôi
kỳ lành liễu mận mến mừng nguyệt nhàn nhi nhiên ninh nữ phấn quế sen sương thiện thoa thơ thuận
thường trà trường tươi vàng vui xinh tây hiên hoá hóa lịch tuệ vỹ vĩ triều tịnh sinh tiếp
thửa đất số tờ bản đồ tổ dân phố khu thôn xóm ấp làng xã phường trấn huyện quận thành tỉnh đường
hẻm kiệt ngõ ngách nhà vực đội xứ đồng cánh cư chiểu cẩm khê ngũ hành nội chí đà nẵng huế quảng
phú long tiền bến tre cần thơ sóc trăng lắk đắk lâm nghệ tĩnh lạng bằng lào cai bái tuyên phúc
phòng điện biên lai tho vũng tàu rịa tháp kiên cà mau bạc liêu kon tum ngãi trị thừa thiên kạn
đất ở tại nông thôn đô trồng lúa nước còn lại nương rẫy cây hàng khác lâu rừng sản xuất hộ đặc
dụng nuôi làm muối nghiệp xây dựng trụ sở cơ quan trình sự quốc an ninh cụm thương mại dịch vụ phi
sử cho hoạt động khoáng vật liệu gốm sứ giao thông lợi di tích hóa danh thắng cảnh bãi thải xử
chất tín ngưỡng nghĩa trang địa tang lễ hỏa táng sông ngòi kênh rạch suối mặt chuyên dùng chưa
đồi núi không có đá chợ viên chơi giải trí bệnh viện trường học y tế giáo dục đào tạo thể thao
năng bưu chính viễn chủ cá bà chị em vợ chồng ủy ban công ty trách nhiệm hạn cổ phần doanh tổ
chức giấy chứng nhận quyền hữu gắn liền với diện tích mục đích thời nguồn gốc thuê nước chuyển
nhượng kế tặng dài đến ngày tháng được của và các những một bốn trăm nghìn ngàn triệu sổ kê
đăng ký biến cấp đổi đo đạc ranh giới mốc tọa độ người mét vuông ruộng vườn ao quyết định
số hiệu tên loại mã ghi chú hợp pháp lý tự do cũ mới
`;

/** Keys (see syllableKey) of the common syllables. */
export const COMMON_SYLLABLES: ReadonlySet<string> = new Set(
  WORDS.split(/\s+/)
    .filter((w) => w.length > 0)
    .map(syllableKey),
);

/** Every word of the list, for tests that check the list itself is grammatical. */
export function commonSyllableWords(): string[] {
  return WORDS.split(/\s+/).filter((w) => w.length > 0);
}
