/**
 * Message catalog for texts produced outside React (errors, CLI output, job phases).
 * Vietnamese first, English second. Parameters are written {name}.
 * Add keys here; every key must exist in both languages (a unit test checks it).
 */
export type Locale = 'vi' | 'en';

const vi = {
  internal: 'Lỗi nội bộ: {detail}',
  'job.cancelled': 'Đã hủy theo yêu cầu.',
  'job.notFound': 'Không tìm thấy tác vụ {jobId}.',
  'project.notOpen': 'Chưa mở dự án nào.',
  'project.notFound': 'Không tìm thấy tệp dự án: {file}',
  'project.notGeoPackage': 'Tệp {file} không phải là GeoPackage hợp lệ: {detail}',
  'project.notParcelDesk': 'Tệp {file} là GeoPackage nhưng không có lớp thửa đất "parcels" của ParcelDesk.',
  'project.locked': 'Dự án {file} đang được mở bởi một chương trình khác.',
  'project.readOnly': 'Không ghi được vào {file}: {detail}',
  'parcel.notFound': 'Không tìm thấy thửa có mã đối tượng {fid}.',
  'parcel.badValue': 'Giá trị không hợp lệ cho trường {field}: "{value}".',
  'parcel.readOnlyField': 'Trường {field} được tính tự động, không sửa được.',
  'history.nothingToUndo': 'Không còn thao tác nào để hoàn tác.',
  'history.nothingToRedo': 'Không còn thao tác nào để làm lại.',
  'import.fileNotFound': 'Không tìm thấy tệp: {file}',
  'import.unsupported': 'Không hỗ trợ định dạng của tệp {file}.',
  'import.corrupt': 'Tệp {file} bị hỏng hoặc không đọc được: {detail}',
  'import.missingPart': 'Thiếu tệp đi kèm {part} của shapefile {file}.',
  'import.noCrs': 'Tệp {file} không có hệ tọa độ. Hãy chọn kinh tuyến trục (--crs EPSG:NNNN).',
  'import.badCrs': 'Hệ tọa độ của tệp {file} không dùng được: {detail}',
  'import.crsMismatch': 'Tọa độ trong tệp {file} không nằm trong vùng của {crs}: {detail}',
  'import.noLayer': 'Tệp {file} không có lớp {layer}.',
  'import.noPolygons': 'Tệp {file} không có đối tượng vùng (polygon) nào để nhập.',
  'import.badMapping': 'Ánh xạ trường không hợp lệ: {detail}',
  'import.missingColumn': 'Tệp {file} không có cột {column} được chỉ định cho trường {field}.',
  'import.badGeometry': 'Tệp {file}, đối tượng {feature}: hình học không đọc được ({detail}).',
  'import.tooLarge': 'Tệp {file} quá lớn ({size}).',
  'cli.usage': 'Sai cú pháp lệnh: {detail}',
  'crs.unknown': 'Không biết hệ tọa độ {crs}.',
  'phase.reading': 'Đang đọc {file}',
  'phase.writing': 'Đang ghi vào dự án',
  'phase.indexing': 'Đang tạo chỉ mục không gian',
  'phase.done': 'Xong',
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  internal: 'Internal error: {detail}',
  'job.cancelled': 'Cancelled on request.',
  'job.notFound': 'No job {jobId}.',
  'project.notOpen': 'No project is open.',
  'project.notFound': 'Project file not found: {file}',
  'project.notGeoPackage': '{file} is not a valid GeoPackage: {detail}',
  'project.notParcelDesk': '{file} is a GeoPackage but has no ParcelDesk "parcels" layer.',
  'project.locked': 'Project {file} is open in another program.',
  'project.readOnly': 'Cannot write to {file}: {detail}',
  'parcel.notFound': 'No parcel with feature id {fid}.',
  'parcel.badValue': 'Invalid value for field {field}: "{value}".',
  'parcel.readOnlyField': 'Field {field} is computed and cannot be edited.',
  'history.nothingToUndo': 'Nothing to undo.',
  'history.nothingToRedo': 'Nothing to redo.',
  'import.fileNotFound': 'File not found: {file}',
  'import.unsupported': 'The format of {file} is not supported.',
  'import.corrupt': '{file} is corrupt or unreadable: {detail}',
  'import.missingPart': 'The {part} file of shapefile {file} is missing.',
  'import.noCrs': '{file} has no coordinate system. Choose the central meridian (--crs EPSG:NNNN).',
  'import.badCrs': 'The coordinate system of {file} cannot be used: {detail}',
  'import.crsMismatch': 'Coordinates in {file} are outside the zone of {crs}: {detail}',
  'import.noLayer': '{file} has no layer {layer}.',
  'import.noPolygons': '{file} has no polygon features to import.',
  'import.badMapping': 'Invalid field mapping: {detail}',
  'import.missingColumn': '{file} has no column {column} mapped to field {field}.',
  'import.badGeometry': '{file}, feature {feature}: unreadable geometry ({detail}).',
  'import.tooLarge': '{file} is too large ({size}).',
  'cli.usage': 'Usage error: {detail}',
  'crs.unknown': 'Unknown coordinate system {crs}.',
  'phase.reading': 'Reading {file}',
  'phase.writing': 'Writing to the project',
  'phase.indexing': 'Building the spatial index',
  'phase.done': 'Done',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function formatMessage(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number>,
): string {
  const template = catalogs[locale][key] ?? catalogs.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

export function messageKeys(locale: Locale): string[] {
  return Object.keys(catalogs[locale]);
}
