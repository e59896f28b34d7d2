#include "IncomingFixtures.hpp"

#include <cstdio>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::test {

using namespace docmgmt;

std::string unsignedPdf() {
    // Offsets are computed so that the cross-reference table is right.
    std::string body = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    const char* objects[] = {
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n",
    };
    for (const char* object : objects) {
        offsets.push_back(body.size());
        body += object;
    }
    const std::size_t xref = body.size();
    body += "xref\n0 4\n0000000000 65535 f \n";
    for (const auto offset : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        body += line;
    }
    body += "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return body;
}

RoutingWorld::RoutingWorld() {
    const auto clockValue = now;
    IncomingSettings settings;
    settings.clock = [clockValue] { return clockValue->load(); };
    settings.verification.trustAnchorsPem =
        vanthu::signing::readBinaryFile((demoPkiDir() / "ca.pem").string());
    incoming = std::make_unique<IncomingFlow>(*storage, *blobs, *audit, *flow, settings);
    outbox = std::make_unique<ExchangeOutbox>(*storage, *blobs);
}

OutgoingDocument RoutingWorld::issuePartyLetter(const std::vector<std::string>& recipientOffices,
                                                const std::string& subject,
                                                const std::string& secrecy) {
    DraftInput d;
    d.typeCode = "CV";
    d.subject = subject;
    d.recipients = {"Các huyện ủy, thành ủy trực thuộc,", "Ban cán sự đảng UBND tỉnh."};
    d.body = "Thực hiện Kết luận của Ban Thường vụ Tỉnh ủy, đề nghị các cấp ủy báo cáo kết quả "
             "thực hiện trước ngày 30/6./.";
    d.distribution = {"Như trên,", "Lưu Văn phòng Tỉnh ủy."};
    d.signerId = user("phobithu.bg").id;
    d.authority = "T/M";
    d.authorityOf = "BAN THƯỜNG VỤ";
    d.recipientOffices = recipientOffices;
    d.dueDate = "2026-06-30";
    d.secrecy = secrecy;
    const auto draft = flow->createDraft(actor("chuyenvien.bg"), d);
    flow->submit(actor("chuyenvien.bg"), draft.id);
    flow->approve(actor("bithu.bg"), draft.id);
    flow->sign(actor("phobithu.bg"), draft.id);
    return flow->issue(actor("vanthu.bg"), draft.id);
}

ArrivingDocument RoutingWorld::paperLetter(const std::string& subject) const {
    ArrivingDocument a;
    a.senderName = "SỞ NỘI VỤ TỈNH QUẢNG NGÃI";
    a.number = std::to_string(paperNumber_++);
    a.notation = a.number + "/SNV-CCHC";
    a.issuedDate = "2026-05-28";
    a.typeCode = "CV";
    a.typeName = "Công văn";
    a.subject = subject;
    a.signerName = "Trần Văn Bình";
    a.signerPosition = "GIÁM ĐỐC";
    a.pdf = unsignedPdf();
    return a;
}

std::vector<IncomingDocument> RoutingWorld::incomingOf(const std::string& username) const {
    return storage->incomingDocuments(user(username).officeId);
}

void RoutingWorld::setDay(int year, int month, int day) {
    now->store(vietnamMidnight(year, month, day) + 9 * 3600);
}

} // namespace vanthu::test
