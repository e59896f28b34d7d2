// Every word the UI shows for the API's codes.

export const roleNames = {
  clerk: 'Văn thư',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
  administrator: 'Quản trị',
};

export const stateNames = {
  draft: 'Dự thảo',
  submitted: 'Chờ duyệt',
  returned: 'Bị trả lại',
  approved: 'Đã duyệt, chờ ký',
  signed: 'Đã ký, chờ phát hành',
  issued: 'Đã phát hành',
};

/** The lists of the navigation: which states each shows. */
export const tabs = [
  { key: 'drafts', title: 'Dự thảo', states: ['draft', 'returned'],
    empty: 'Không có dự thảo nào. Bấm “Soạn văn bản” để bắt đầu.' },
  { key: 'submitted', title: 'Chờ duyệt', states: ['submitted'],
    empty: 'Không có văn bản nào đang chờ lãnh đạo duyệt.' },
  { key: 'approved', title: 'Chờ ký', states: ['approved'],
    empty: 'Không có văn bản nào đã duyệt đang chờ ký.' },
  { key: 'signed', title: 'Chờ phát hành', states: ['signed'],
    empty: 'Không có văn bản nào đã ký đang chờ văn thư cấp số, phát hành.' },
  { key: 'issued', title: 'Đã phát hành', states: ['issued'],
    empty: 'Chưa có văn bản nào được phát hành.' },
];

/** The lists where a role's own work waits (their counts are shown in red). */
export function workTabs(role) {
  return { specialist: ['drafts'], leader: ['submitted', 'approved'], clerk: ['signed'] }[role] || [];
}

/** The list a user sees first: where their own work waits. */
export function homeTab(role) {
  return { specialist: 'drafts', leader: 'submitted', clerk: 'signed', administrator: 'issued' }[role] || 'drafts';
}

export const actionLabels = {
  edit: 'Sửa dự thảo',
  submit: 'Trình duyệt',
  approve: 'Duyệt',
  return: 'Trả lại',
  sign: 'Ký số',
  issue: 'Cấp số và phát hành',
};

export const historyLabels = {
  'recall-request': 'Đề nghị thu hồi',
  'replace-request': 'Đề nghị thay thế',
  'recall-requested': 'Nơi gửi đề nghị thu hồi/thay thế',
  'replace-requested': 'Nơi gửi đề nghị thay thế',
  'update-requested': 'Nơi gửi đề nghị cập nhật',
  'recall-agree': 'Đồng ý thu hồi (đã hủy nội dung bản nhận)',
  'recall-refuse': 'Từ chối thu hồi',
  create: 'Tạo dự thảo',
  update: 'Sửa dự thảo',
  edit: 'Sửa dự thảo',
  submit: 'Trình duyệt',
  return: 'Trả lại',
  approve: 'Duyệt',
  sign: 'Ký số',
  'sign-prepare': 'Chuẩn bị ký bằng thiết bị ký',
  'sign-complete': 'Ký số bằng thiết bị ký',
  issue: 'Cấp số, đóng dấu và phát hành',
  'issue-queued': 'Đưa vào hàng chờ phát hành',
  'issue-unqueued': 'Bỏ khỏi hàng chờ phát hành',
  comment: 'Góp ý',
  'attachment-add': 'Đính kèm tệp',
  'attachment-remove': 'Bỏ tệp đính kèm',
};

export const urgencyOptions = [
  ['', 'Thường'], ['khan', 'Khẩn'], ['thuong-khan', 'Thượng khẩn'], ['hoa-toc', 'Hỏa tốc'],
];
export const secrecyOptions = [
  ['', 'Không mật'], ['mat', 'Mật'], ['toi-mat', 'Tối mật'], ['tuyet-mat', 'Tuyệt mật'],
];

export function authorityOptions(system) {
  if (system === 'party') {
    return [['', 'Ký trực tiếp'], ['T/M', 'T/M – Thay mặt'], ['K/T', 'K/T – Ký thay'],
      ['T/L', 'T/L – Thừa lệnh'], ['T/UQ', 'T/UQ – Thừa ủy quyền']];
  }
  return [['', 'Ký trực tiếp'], ['TM', 'TM. – Thay mặt'], ['KT', 'KT. – Ký thay'],
    ['TL', 'TL. – Thừa lệnh'], ['TUQ', 'TUQ. – Thừa ủy quyền'], ['Q', 'Q. – Quyền']];
}

export function authorityOfSuggestions(system) {
  return system === 'party'
    ? ['BAN THƯỜNG VỤ', 'BAN CHẤP HÀNH', 'ĐẢNG ỦY', 'CHI BỘ']
    : ['ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'GIÁM ĐỐC', 'TRƯỞNG PHÒNG', 'CHÁNH VĂN PHÒNG'];
}

export const checkNames = {
  integrity: 'Toàn vẹn nội dung',
  cms: 'Cấu trúc chữ ký (CMS)',
  algorithm: 'Thuật toán ký',
  'time-stamp': 'Dấu thời gian',
  chain: 'Chuỗi chứng thư số',
  'key-usage': 'Mục đích sử dụng khóa',
  revocation: 'Tình trạng thu hồi',
  changes: 'Thay đổi sau khi ký',
};

export const checkStatusNames = {
  passed: 'Đạt', failed: 'Không đạt', warning: 'Cảnh báo', unknown: 'Chưa xác định',
};

export const signatureRoleNames = {
  signer: 'Chữ ký của người có thẩm quyền',
  seal: 'Chữ ký số của cơ quan (con dấu)',
  'document-time-stamp': 'Dấu thời gian của văn bản',
  unknown: 'Chữ ký khác',
};

export const fieldNames = {
  SignerSignature: 'chữ ký của người có thẩm quyền',
  SealSignature: 'chữ ký số của cơ quan (con dấu)',
};

/** Draft fields as the API names them → the label of their input, for 422 messages. */
export const draftFieldLabels = {
  typeCode: 'Loại văn bản',
  subject: 'Trích yếu',
  recipients: 'Kính gửi',
  body: 'Nội dung',
  distribution: 'Nơi nhận',
  signerId: 'Người ký',
  authority: 'Thẩm quyền ký',
  authorityOf: 'Ký thay cho',
  draftingUnit: 'Đơn vị soạn thảo',
  urgency: 'Độ khẩn',
  secrecy: 'Độ mật',
  recipientOffices: 'Gửi điện tử đến',
  dueDate: 'Hạn trả lời',
  issuedAmount: 'Số lượng bản phát hành',
  language: 'Ngôn ngữ',
  description: 'Ghi chú',
};

// ---- the incoming side (văn bản đến) --------------------------------------------------------

export const incomingStateNames = {
  arrived: 'Chờ vào sổ',
  refused: 'Đã từ chối',
  registered: 'Chờ giao xử lý',
  assigned: 'Đã giao xử lý',
  in_progress: 'Đang xử lý',
  done: 'Đã xử lý xong',
};

/** The lists of the incoming navigation: which states each shows. */
export const incomingTabs = [
  { key: 'arrived', title: 'Chờ vào sổ', states: ['arrived'], empty: 'Không có văn bản nào mới đến.' },
  { key: 'registered', title: 'Chờ giao xử lý', states: ['registered'], empty: 'Không có văn bản nào chờ lãnh đạo giao xử lý.' },
  { key: 'open', title: 'Đang xử lý', states: ['assigned', 'in_progress'], empty: 'Không có văn bản nào đang xử lý.' },
  { key: 'done', title: 'Đã xử lý xong', states: ['done'], empty: 'Chưa có văn bản nào xử lý xong.' },
  { key: 'refused', title: 'Đã từ chối', states: ['refused'], empty: 'Không có văn bản nào bị từ chối.' },
];

export const incomingActionLabels = {
  register: 'Vào sổ văn bản đến',
  refuse: 'Từ chối nhận',
  assign: 'Giao xử lý',
  start: 'Bắt đầu xử lý',
  forward: 'Chuyển người khác',
  reply: 'Soạn văn bản trả lời',
  close: 'Kết thúc xử lý',
  contribute: 'Gửi ý kiến phối hợp',
  acknowledge: 'Đánh dấu đã xem',
  instruct: 'Cho ý kiến chỉ đạo',
  'recall-agree': 'Đồng ý thu hồi',
  'recall-refuse': 'Từ chối thu hồi',
};

export const channelNames = { local: 'Điện tử (cùng hệ thống)', edxml: 'Điện tử (trục liên thông)', paper: 'Bản giấy' };

export const signatureStatusNames = {
  valid: 'Chữ ký số hợp lệ',
  invalid: 'Chữ ký số KHÔNG hợp lệ',
  none: 'Không có chữ ký số',
};

Object.assign(historyLabels, {
  receive: 'Văn bản đến',
  'enter-paper': 'Nhập văn bản giấy',
  register: 'Vào sổ văn bản đến',
  refuse: 'Từ chối nhận',
  assign: 'Giao xử lý',
  start: 'Bắt đầu xử lý',
  forward: 'Chuyển xử lý',
  reply: 'Soạn văn bản trả lời',
  close: 'Kết thúc xử lý',
  dispatch: 'Gửi văn bản',
  'recipient-status': 'Nơi nhận báo trạng thái',
});

// ---- case files (hồ sơ) and the file list (danh mục hồ sơ) ----------------------------------

export const caseFileStateNames = { open: 'Đang mở', closed: 'Đã đóng' };

export const caseFileActionLabels = {
  addEntry: 'Thêm vào danh mục',
  open: 'Lập hồ sơ',
  addDocument: 'Thêm văn bản',
  file: 'Đưa vào hồ sơ',
  close: 'Đóng hồ sơ',
  package: 'Tải gói nộp lưu (ZIP)',
  pdf: 'Xuất PDF (mục lục + văn bản)',
  xml: 'Xuất XML siêu dữ liệu',
  indexCsv: 'Mục lục văn bản (CSV)',
  print: 'In mục lục',
  fileIndexCsv: 'Mục lục hồ sơ (CSV)',
  handover: 'Nộp lưu vào lưu trữ cơ quan',
};

/** Case-file and list-entry fields as the API names them → their labels, for 422 messages. */
export const caseFileFieldLabels = {
  year: 'Năm',
  code: 'Số và ký hiệu hồ sơ',
  title: 'Tiêu đề hồ sơ',
  retention: 'Thời hạn bảo quản',
  responsibleId: 'Người lập hồ sơ',
  note: 'Ghi chú',
  description: 'Chú giải',
};

/** Retention periods (thời hạn bảo quản) offered; the API accepts any "N năm" (1–99) too. */
export const retentionSuggestions = ['5 năm', '10 năm', '20 năm', '50 năm', '70 năm', 'vĩnh viễn'];

export const filedKindNames = { outgoing: 'Văn bản đi', incoming: 'Văn bản đến', imported: 'Văn bản nhập từ hệ thống cũ' };
