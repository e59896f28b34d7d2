#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <numeric>
#include <thread>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SigningKey.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;

namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

/// Everything a refused step must leave as it was.
struct Snapshot {
    std::string document; ///< every column of the row that matters
    std::int64_t auditSeq = 0;
    std::size_t registerRows = 0, versions = 0;

    static Snapshot of(DemoWorld& w, Id id) {
        Snapshot s;
        if (const auto doc = w.storage->findDocument(id)) {
            s.document = toString(doc->state) + "|" + std::to_string(doc->version) + "|" +
                         doc->content + "|" + doc->signedPdf + "|" + doc->issuedPdf + "|" +
                         doc->returnComment + "|" + doc->preparedPdf + "|" + doc->updatedAt;
            s.versions = w.storage->documentVersions(id).size();
        }
        s.auditSeq = w.storage->lastAudit()->seq;
        for (const auto& office : w.storage->offices()) {
            s.registerRows += w.storage->registerEntries(office.id, 2026).size();
        }
        return s;
    }
    bool operator==(const Snapshot& o) const {
        return document == o.document && auditSeq == o.auditSeq && registerRows == o.registerRows &&
               versions == o.versions;
    }
};

template <typename Error, typename Step>
void refused(DemoWorld& w, Id id, Step step, const std::string& because) {
    INFO(because);
    const Snapshot before = Snapshot::of(w, id);
    CHECK_THROWS_AS(step(), Error);
    CHECK(Snapshot::of(w, id) == before);
}

/// The base64 SHA-256 digest signed the way a token does (PKCS#1 v1.5 over DigestInfo).
std::string tokenSign(const vanthu::signing::Pkcs12Key& key, const std::string& digestBase64) {
    std::string digest(32, '\0');
    REQUIRE(EVP_DecodeBlock(reinterpret_cast<unsigned char*>(digest.data()),
                            reinterpret_cast<const unsigned char*>(digestBase64.data()),
                            static_cast<int>(digestBase64.size())) >= 32);
    digest.resize(32);
    vanthu::signing::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.privateKey(), nullptr));
    REQUIRE(EVP_PKEY_sign_init(ctx.get()) == 1);
    REQUIRE(EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1);
    std::size_t length = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(digest.data());
    REQUIRE(EVP_PKEY_sign(ctx.get(), nullptr, &length, in, digest.size()) == 1);
    std::string signature(length, '\0');
    REQUIRE(EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                          in, digest.size()) == 1);
    signature.resize(length);
    std::string out(4 * ((signature.size() + 2) / 3) + 1, '\0');
    out.resize(static_cast<std::size_t>(
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(signature.data()),
                        static_cast<int>(signature.size()))));
    return out;
}

void checkVerifies(const std::string& pdf) {
    vanthu::test::TempDir dir;
    vanthu::test::writeFile(dir / "issued.pdf", pdf);
    const auto result = vanthu::test::runVanthu({"verify", (dir / "issued.pdf").string(), "--trust",
                                                 (vanthu::test::demoPkiDir() / "ca.pem").string()});
    INFO(result.out << result.err);
    CHECK(result.exitCode == 0);
}

} // namespace

TEST_CASE("OutgoingFlow: a State letter from draft to issued", "[flow]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto chair = w.actor("chutich.vq");
    const auto deputy = w.actor("phochutich.vq");
    const auto clerk = w.actor("vanthu.vq");

    auto doc = w.flow->createDraft(specialist, w.letterInput("đôn đốc báo cáo"));
    CHECK(doc.state == DocumentState::Draft);
    CHECK(doc.version == 1);
    auto content = json(doc.content);
    CHECK(content->getValue<std::string>("system") == "state");
    CHECK(content->getValue<std::string>("notation") == "UBND-NV");
    CHECK(content->getValue<std::string>("issuingBody") == "ỦY BAN NHÂN DÂN\nHUYỆN VĂN QUAN");
    CHECK(content->getValue<std::string>("date") == "2026-06");
    CHECK_FALSE(content->has("number"));
    CHECK(content->getObject("signer")->getValue<std::string>("name") == "Triệu Đức Dũng");
    CHECK(content->getObject("signer")->getValue<std::string>("title") == "PHÓ CHỦ TỊCH");
    CHECK(w.flow->allowedActions(specialist, doc) == std::vector<std::string>{"edit", "submit"});
    CHECK(w.flow->allowedActions(chair, doc).empty());
    CHECK(w.flow->pdf(specialist, doc.id).rfind("%PDF-", 0) == 0);

    doc = w.flow->updateDraft(specialist, doc.id, doc.version,
                              w.letterInput("đôn đốc báo cáo tháng"));
    CHECK(doc.version == 2);
    doc = w.flow->submit(specialist, doc.id);
    CHECK(w.flow->allowedActions(chair, doc) ==
          std::vector<std::string>{"return", "approve", "edit"});
    doc = w.flow->returnForChanges(chair, doc.id, "Bổ sung thời hạn báo cáo.");
    CHECK(doc.state == DocumentState::Returned);
    CHECK(doc.returnComment == "Bổ sung thời hạn báo cáo.");
    doc = w.flow->updateDraft(specialist, doc.id, doc.version,
                              w.letterInput("đôn đốc báo cáo trước ngày 25"));
    doc = w.flow->submit(specialist, doc.id);
    doc = w.flow->approve(chair, doc.id);
    CHECK(w.flow->allowedActions(deputy, doc) == std::vector<std::string>{"sign"});
    CHECK(w.flow->allowedActions(chair, doc).empty()); // not the chosen signer
    doc = w.flow->sign(deputy, doc.id);
    CHECK(doc.state == DocumentState::Signed);
    CHECK(w.blobs->contains(doc.signedPdf));
    CHECK(w.flow->allowedActions(clerk, doc) == std::vector<std::string>{"issue"});

    w.now->store(vietnamMidnight(2026, 6, 18) + 8 * 3600);
    doc = w.flow->issue(clerk, doc.id);
    CHECK(doc.state == DocumentState::Issued);
    CHECK(doc.number == 2); // the demo data issued 01/UBND-NV
    CHECK(doc.notation == "02/UBND-NV");
    CHECK(doc.issuedDate == "2026-06-18");
    CHECK(doc.year == 2026);
    content = json(doc.content);
    CHECK(content->getValue<int>("number") == 2);
    CHECK(content->getValue<std::string>("date") == "2026-06-18");
    CHECK(w.flow->allowedActions(clerk, doc).empty());
    CHECK(w.flow->allowedActions(specialist, doc).empty());

    const auto versions = w.flow->versions(specialist, doc.id);
    CHECK(versions.size() == 3);
    std::vector<std::string> actions;
    for (const auto& entry : w.flow->history(specialist, doc.id)) {
        actions.push_back(entry.action);
        CHECK(entry.address == "192.0.2.7");
    }
    CHECK(actions == std::vector<std::string>{"create", "edit", "submit", "return", "edit",
                                              "submit", "approve", "sign", "issue"});
    const auto book = w.flow->outgoingRegister(clerk, 2026);
    REQUIRE(book.size() == 2);
    CHECK(book[1].notation == "02/UBND-NV");
    CHECK(book[1].signerName == "Triệu Đức Dũng");
    CHECK(book[1].typeName == "Công văn");
    CHECK(book[1].archiveCopy == "VT, NV");
    CHECK(w.audit->verify().intact);

    CHECK(w.flow->pdf(clerk, doc.id) == w.blobs->get(doc.issuedPdf));
}

TEST_CASE("OutgoingFlow: the lists each role sees", "[flow][access]") {
    DemoWorld w;
    const auto draft = w.flow->createDraft(w.actor("chuyenvien.vq"), w.letterInput("nháp"));
    const auto ids = [&](const std::string& user) {
        std::vector<Id> out;
        for (const auto& d : w.flow->list(w.actor(user), std::nullopt)) {
            out.push_back(d.id);
        }
        return out;
    };
    const auto contains = [](const std::vector<Id>& v, Id id) {
        return std::find(v.begin(), v.end(), id) != v.end();
    };
    CHECK(contains(ids("chuyenvien.vq"), draft.id));
    CHECK_FALSE(contains(ids("chutich.vq"), draft.id)); // drafts only for their author
    CHECK_FALSE(contains(ids("vanthu.vq"), draft.id));
    CHECK_FALSE(contains(ids("chuyenvien.nd"), draft.id)); // other office
    CHECK(ids("quantri.vq").empty());                      // administrators see no documents
    // Demo data in Văn Quan: an issued letter, a submitted notice, a draft plan.
    const auto chair = w.flow->list(w.actor("chutich.vq"), std::nullopt);
    CHECK(chair.size() == 2); // issued + submitted
    const auto clerkList = w.flow->list(w.actor("vanthu.vq"), std::nullopt);
    REQUIRE(clerkList.size() == 1);
    CHECK(clerkList[0].state == DocumentState::Issued);
    CHECK(w.flow->list(w.actor("chutich.vq"), DocumentState::Submitted).size() == 1);
    CHECK_THROWS_AS(w.flow->outgoingRegister(w.actor("chuyenvien.vq"), 2026), Forbidden);
    CHECK(w.flow->outgoingRegister(w.actor("quantri.vq"), 2026).size() == 1);
    CHECK(w.flow->outgoingRegister(w.actor("vanthu.nd"), 2026).empty());
}

TEST_CASE("OutgoingFlow: every refusal leaves everything as it was", "[flow][access]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto chair = w.actor("chutich.vq");
    const auto deputy = w.actor("phochutich.vq");
    const auto clerk = w.actor("vanthu.vq");
    const auto admin = w.actor("quantri.vq");
    const auto otherLeader = w.actor("chutich.nd");
    const auto otherClerk = w.actor("vanthu.nd");

    const Id id = w.flow->createDraft(specialist, w.letterInput("từ chối")).id;
    const auto input = w.letterInput("sửa");

    // Wrong role.
    refused<Forbidden>(
        w, id, [&] { w.flow->createDraft(clerk, input); }, "clerks do not draft");
    refused<Forbidden>(
        w, id, [&] { w.flow->createDraft(admin, input); }, "nor administrators");
    refused<Forbidden>(
        w, id, [&] { w.flow->submit(admin, id); }, "administrators");
    refused<Forbidden>(
        w, id, [&] { w.flow->issue(specialist, id); }, "only clerks issue");
    refused<Forbidden>(
        w, id, [&] { w.flow->approve(specialist, id); }, "only leaders approve");
    refused<Forbidden>(
        w, id, [&] { w.flow->sign(specialist, id); }, "only the signer signs");
    // Not visible: a draft of someone else, another office, an unknown id.
    refused<NotFound>(
        w, id, [&] { w.flow->submit(chair, id); }, "a draft is its author's");
    refused<NotFound>(
        w, id, [&] { w.flow->updateDraft(chair, id, 1, input); }, "author's");
    refused<NotFound>(
        w, id, [&] { w.flow->document(otherLeader, id); }, "other office");
    refused<NotFound>(
        w, id, [&] { w.flow->submit(specialist, 987654); }, "unknown id");
    refused<NotFound>(
        w, id, [&] { w.flow->pdf(specialist, 987654); }, "unknown id");
    // A save based on an older version is refused, nothing written.
    refused<StaleVersion>(
        w, id, [&] { w.flow->updateDraft(specialist, id, 0, input); }, "stale version");
    // Unfinished or wrong drafts are saved as typed; submitting lists every problem at once.
    const auto problemsOf = [&](DraftInput bad) {
        const int version = w.storage->findDocument(id)->version;
        const auto saved = w.flow->updateDraft(specialist, id, version, bad);
        CHECK(saved.version == version + 1);
        CHECK(saved.draft.subject == bad.subject);
        CHECK(saved.draft.body == bad.body);
        std::vector<std::string> fields;
        const Snapshot before = Snapshot::of(w, id);
        try {
            w.flow->submit(specialist, id);
            fields.push_back("(accepted)");
        } catch (const InvalidInput& e) {
            CHECK(Snapshot::of(w, id) == before);
            CHECK(e.field() == e.problems().front().field);
            for (const auto& problem : e.problems()) {
                fields.push_back(problem.field);
            }
        }
        CHECK(w.flow->problems(*w.storage->findDocument(id)).size() == fields.size());
        return fields;
    };
    using Fields = std::vector<std::string>;
    DraftInput bad = input;
    bad.typeCode = "XYZ";
    CHECK(problemsOf(bad) == Fields{"typeCode"});
    bad = input;
    bad.signerId = w.user("chutich.nd").id;
    CHECK(problemsOf(bad) == Fields{"signerId"});
    bad.signerId = w.user("vanthu.vq").id;
    CHECK(problemsOf(bad) == Fields{"signerId"});
    bad = input;
    bad.draftingUnit.clear();
    CHECK(problemsOf(bad) == Fields{"draftingUnit"});
    bad = input;
    bad.body.clear();
    CHECK(problemsOf(bad) == Fields{"body"});
    bad = input;
    bad.urgency = "very";
    CHECK(problemsOf(bad) == Fields{"urgency"});
    // Only a body typed: everything else missing is named at once, in Vietnamese.
    DraftInput onlyBody;
    onlyBody.typeCode = "CV";
    onlyBody.body = "Nội dung đã gõ trước khi chọn đơn vị soạn thảo.";
    CHECK(problemsOf(onlyBody) ==
          Fields{"draftingUnit", "subject", "recipients", "distribution", "signerId"});
    CHECK_THROWS_AS(w.flow->pdf(specialist, id), InvalidInput);
    const auto kept = *w.storage->findDocument(id);
    CHECK(kept.content.empty());
    CHECK(kept.draft.body == onlyBody.body);
    CHECK_FALSE(kept.signerId);
    w.flow->updateDraft(specialist, id, kept.version, input);
    CHECK(w.flow->problems(*w.storage->findDocument(id)).empty());
    CHECK(w.flow->pdf(specialist, id).rfind("%PDF-", 0) == 0);

    // Illegal transitions, step by step through the flow.
    w.flow->submit(specialist, id);
    refused<Conflict>(
        w, id, [&] { w.flow->submit(specialist, id); }, "submitted twice");
    refused<Conflict>(
        w, id,
        [&] { w.flow->updateDraft(specialist, id, w.storage->findDocument(id)->version, input); },
        "submitted");
    refused<InvalidInput>(
        w, id, [&] { w.flow->returnForChanges(chair, id, "  "); }, "comment");
    refused<Conflict>(
        w, id, [&] { w.flow->sign(deputy, id); }, "not approved yet");
    refused<NotFound>(
        w, id, [&] { w.flow->approve(otherLeader, id); }, "other office");
    refused<NotFound>(
        w, id, [&] { w.flow->approve(clerk, id); }, "clerks see approved+");
    w.flow->approve(chair, id);
    refused<Conflict>(
        w, id, [&] { w.flow->approve(chair, id); }, "approved twice");
    refused<Conflict>(
        w, id, [&] { w.flow->returnForChanges(chair, id, "x"); }, "approved");
    refused<Conflict>(
        w, id, [&] { w.flow->issue(clerk, id); }, "not signed yet");
    refused<Forbidden>(
        w, id, [&] { w.flow->sign(chair, id); }, "not the chosen signer");
    refused<Conflict>(
        w, id, [&] { w.flow->completeSignature(deputy, id, "AAAA"); }, "nothing prepared");
    w.flow->sign(deputy, id);
    refused<Conflict>(
        w, id, [&] { w.flow->sign(deputy, id); }, "signed twice");
    refused<NotFound>(
        w, id, [&] { w.flow->issue(otherClerk, id); }, "other office's clerk");
    refused<Forbidden>(
        w, id, [&] { w.flow->issue(deputy, id); }, "leaders do not issue");
    w.flow->issue(clerk, id);
    refused<Conflict>(
        w, id, [&] { w.flow->issue(clerk, id); }, "issued twice");
    refused<Conflict>(
        w, id,
        [&] { w.flow->updateDraft(specialist, id, w.storage->findDocument(id)->version, input); },
        "issued");
    refused<Conflict>(
        w, id, [&] { w.flow->submit(specialist, id); }, "issued");
    // The database refuses too, whatever the caller.
    auto issued = *w.storage->findDocument(id);
    issued.subject = "changed";
    refused<Conflict>(
        w, id, [&] { w.storage->updateDocument(issued); }, "issued, in SQL");
    // A disabled account can do nothing, even with a session the server still holds.
    auto disabled = w.user("chuyenvien.vq");
    disabled.active = false;
    w.storage->updateUser(disabled);
    refused<Forbidden>(
        w, id, [&] { w.flow->createDraft(specialist, input); }, "disabled");
    refused<Forbidden>(
        w, id, [&] { w.flow->document(specialist, id); }, "disabled");
    CHECK(w.audit->verify().intact);
}

TEST_CASE("OutgoingFlow: two-phase signing with a key the server never holds", "[flow][sign]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto deputy = w.actor("phochutich.vq");
    const Id id = w.flow->createDraft(specialist, w.letterInput("ký hai bước")).id;
    w.flow->submit(specialist, id);
    w.flow->approve(w.actor("chutich.vq"), id);

    // The "token": the deputy's key, read here only to play the device's part.
    const auto token = vanthu::signing::Pkcs12Key::fromFile(
        (vanthu::test::demoPkiDir() / "leader-phochutich.vq.p12").string(), "vanthu");
    std::string chain = vanthu::signing::toPem(token->certificate());
    for (X509* ca : token->chain()) {
        chain += vanthu::signing::toPem(ca);
    }
    refused<InvalidInput>(
        w, id, [&] { w.flow->prepareSignature(deputy, id, "not pem"); }, "pem");
    refused<Forbidden>(
        w, id, [&] { w.flow->prepareSignature(w.actor("chutich.vq"), id, chain); },
        "not the signer");
    const std::string digest = w.flow->prepareSignature(deputy, id, chain);
    CHECK(digest.size() == 44);
    auto doc = *w.storage->findDocument(id);
    CHECK(doc.state == DocumentState::Approved);
    CHECK(w.blobs->contains(doc.preparedPdf));

    // A value that does not match is refused and changes nothing.
    const auto other = vanthu::signing::Pkcs12Key::fromFile(
        (vanthu::test::demoPkiDir() / "leader-chutich.vq.p12").string(), "vanthu");
    refused<InvalidInput>(
        w, id, [&] { w.flow->completeSignature(deputy, id, tokenSign(*other, digest)); },
        "wrong key");
    refused<InvalidInput>(
        w, id, [&] { w.flow->completeSignature(deputy, id, "***"); }, "base64");

    doc = w.flow->completeSignature(deputy, id, tokenSign(*token, digest));
    CHECK(doc.state == DocumentState::Signed);
    CHECK(doc.preparedPdf.empty());
    const auto issued = w.flow->issue(w.actor("vanthu.vq"), id);
    CHECK(issued.notation == "02/UBND-NV");
    CHECK(w.flow->pdf(w.actor("vanthu.vq"), id).rfind("%PDF-", 0) == 0);
}

TEST_CASE("OutgoingFlow: `vanthu verify` accepts every issued PDF", "[flow][verify]") {
    DemoWorld w;
    for (const auto& office : w.storage->offices()) {
        for (const auto& doc : w.storage->documents(office.id, DocumentState::Issued)) {
            INFO(doc.notation);
            checkVerifies(w.blobs->get(doc.issuedPdf));
        }
    }
    const Id id = w.signedLetter("kiểm tra chữ ký");
    checkVerifies(w.blobs->get(w.flow->issue(w.actor("vanthu.vq"), id).issuedPdf));
}

TEST_CASE("OutgoingFlow: a Party letter is numbered in its type's series", "[flow]") {
    DemoWorld w;
    DraftInput d;
    d.typeCode = "CV";
    d.subject = "triển khai nhiệm vụ";
    d.recipients = {"Các chi, đảng bộ trực thuộc."};
    d.body = "Ban Thường vụ Đảng ủy xã yêu cầu các chi, đảng bộ thực hiện.";
    d.distribution = {"Như trên,", "Lưu VPĐU."};
    d.signerId = w.user("bithu.bl").id;
    d.authority = "T/M";
    d.authorityOf = "BAN THƯỜNG VỤ";
    const auto doc = w.flow->createDraft(w.actor("chuyenvien.bl"), d);
    CHECK(json(doc.content)->getValue<std::string>("notation") == "CV/ĐU");
    CHECK(json(doc.content)->getValue<std::string>("issuingBody") == "ĐẢNG ỦY XÃ BÌNH LƯ");
    d.typeCode = "TB";
    d.recipients.clear();
    const auto notice = w.flow->createDraft(w.actor("chuyenvien.bl"), d);
    CHECK(json(notice.content)->getValue<std::string>("notation") == "TB/ĐU");
    for (Id id : {doc.id, notice.id}) {
        w.flow->submit(w.actor("chuyenvien.bl"), id);
        w.flow->approve(w.actor("phobithu.bl"), id);
        w.flow->sign(w.actor("bithu.bl"), id);
    }
    CHECK(w.flow->issue(w.actor("vanthu.bl"), doc.id).notation == "2-CV/ĐU"); // demo issued 1
    CHECK(w.flow->issue(w.actor("vanthu.bl"), notice.id).notation == "1-TB/ĐU");
}

TEST_CASE("OutgoingFlow: clerks issuing from 8 threads get every number once",
          "[flow][concurrency]") {
    DemoWorld w;
    const Id first = w.signedLetter("mẫu");
    const auto signedDoc = *w.storage->findDocument(first);
    constexpr int kThreads = 8, kEach = 10;
    // Copies of one signed letter, so the test spends its time issuing, not rendering.
    std::vector<Id> ids{first};
    while (static_cast<int>(ids.size()) < kThreads * kEach) {
        ids.push_back(w.storage->addDocument(signedDoc));
    }
    const auto clerk = w.actor("vanthu.vq");
    std::vector<std::thread> threads;
    std::vector<std::vector<int>> numbers(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                numbers[t].push_back(*w.flow->issue(clerk, ids[t * kEach + i]).number);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    std::vector<int> all;
    for (const auto& list : numbers) {
        all.insert(all.end(), list.begin(), list.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<int> expected(kThreads * kEach);
    std::iota(expected.begin(), expected.end(), 2); // 01 went to the demo letter
    CHECK(all == expected);
    CHECK(w.flow->outgoingRegister(clerk, 2026).size() == expected.size() + 1);
    CHECK(w.audit->verify().intact);
}

TEST_CASE("OutgoingFlow: numbering restarts on 1 January, Vietnam time", "[flow]") {
    DemoWorld w;
    const Id december = w.signedLetter("cuối năm");
    const Id january = w.signedLetter("đầu năm");
    // 31 December 2026 23:30 in Vietnam is still 2026 (16:30 UTC).
    w.now->store(vietnamMidnight(2027, 1, 1) - 30 * 60);
    const auto a = w.flow->issue(w.actor("vanthu.vq"), december);
    CHECK(a.notation == "02/UBND-NV");
    CHECK(a.issuedDate == "2026-12-31");
    // 1 January 2027 00:10 in Vietnam (still 31 December in UTC).
    w.now->store(vietnamMidnight(2027, 1, 1) + 10 * 60);
    const auto b = w.flow->issue(w.actor("vanthu.vq"), january);
    CHECK(b.notation == "01/UBND-NV");
    CHECK(b.issuedDate == "2027-01-01");
    CHECK(w.flow->outgoingRegister(w.actor("vanthu.vq"), 2027).size() == 1);
}

namespace {

/// A self-signed certificate made for signing (digitalSignature, nonRepudiation), valid now:
/// what anyone can make, trusted by nobody.
std::string selfSignedSignerPem() {
    vanthu::signing::EvpPkeyPtr key(EVP_RSA_gen(2048));
    REQUIRE(key);
    vanthu::signing::X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600L * 24 * 365);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Phó Chủ tịch giả"), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    X509_set_pubkey(cert.get(), key.get());
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    X509_EXTENSION* usage = X509V3_EXT_conf_nid(nullptr, &ctx, NID_key_usage,
                                                "critical,digitalSignature,nonRepudiation");
    REQUIRE(usage);
    X509_add_ext(cert.get(), usage, -1);
    X509_EXTENSION_free(usage);
    REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
    return vanthu::signing::toPem(cert.get());
}

} // namespace

TEST_CASE("OutgoingFlow: only trusted certificates sign, a self-signed or foreign one cannot "
          "prepare a two-phase signature, so it is never signed nor issued",
          "[flow][sign][hostile]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto deputy = w.actor("phochutich.vq");
    const Id id = w.flow->createDraft(specialist, w.letterInput("chứng thư không tin cậy")).id;
    w.flow->submit(specialist, id);
    w.flow->approve(w.actor("chutich.vq"), id);

    const std::string selfSigned = selfSignedSignerPem();
    refused<InvalidInput>(
        w, id, [&] { w.flow->prepareSignature(deputy, id, selfSigned); }, "self-signed");
    try {
        w.flow->prepareSignature(deputy, id, selfSigned);
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "certificateChainPem");
        CHECK(std::string(e.what()).find("tin cậy") != std::string::npos);
    }
    // A whole chain of another PKI (its own root): chains to no anchor of this server.
    const vanthu::signing::DemoPki foreign;
    const std::string foreignChain = vanthu::signing::toPem(foreign.signer1().certificate.get()) +
                                     vanthu::signing::toPem(foreign.issuingCa().certificate.get()) +
                                     vanthu::signing::toPem(foreign.root().certificate.get());
    refused<InvalidInput>(
        w, id, [&] { w.flow->prepareSignature(deputy, id, foreignChain); }, "foreign chain");
    CHECK(w.storage->findDocument(id)->state == DocumentState::Approved);
    CHECK_THROWS_AS(w.flow->issue(w.actor("vanthu.vq"), id), Conflict); // not signed
}

TEST_CASE("OutgoingFlow: a page of a list is what the whole list shows, and the total counts "
          "only what the reader may see",
          "[flow][access][paged]") {
    DemoWorld w;
    // More documents in every state, by several authors of two offices, written directly.
    const DocumentState states[] = {DocumentState::Draft,    DocumentState::Submitted,
                                    DocumentState::Returned, DocumentState::Approved,
                                    DocumentState::Signed,   DocumentState::Issued};
    const std::string authors[] = {"chuyenvien.vq", "chutich.vq", "chuyenvien.nd"};
    for (int i = 0; i < 60; ++i) {
        const auto author = w.user(authors[i % 3]);
        OutgoingDocument doc;
        doc.officeId = author.officeId;
        doc.authorId = author.id;
        doc.state = states[(i / 3) % 6];
        doc.typeCode = "CV";
        doc.subject = "thử trang " + std::to_string(i);
        doc.createdAt = doc.updatedAt = "2026-06-16T09:30:00+07:00";
        w.storage->addDocument(doc);
    }
    const auto ids = [](const std::vector<OutgoingDocument>& docs) {
        std::vector<Id> out;
        for (const auto& d : docs) {
            out.push_back(d.id);
        }
        return out;
    };
    for (const auto& account : vanthu::test::demoAccounts()) {
        for (const auto state :
             {std::optional<DocumentState>(), std::optional(DocumentState::Issued),
              std::optional(DocumentState::Draft)}) {
            INFO(account.username << " state " << (state ? toString(*state) : "any"));
            const auto actor = w.actor(account.username);
            const auto whole = w.flow->list(actor, state);
            std::vector<Id> paged;
            for (int offset = 0;; offset += 4) {
                const auto page = w.flow->listPage(actor, state, {4, offset});
                CHECK(page.total == static_cast<std::int64_t>(whole.size()));
                if (page.items.empty()) {
                    break;
                }
                const auto more = ids(page.items);
                paged.insert(paged.end(), more.begin(), more.end());
            }
            CHECK(paged == ids(whole));
        }
    }
    // Each sees only their office, and another's drafts never: the specialist of Văn Quan
    // counts their own documents and the office's issued ones, nothing of Nam Định's.
    const auto specialist = w.user("chuyenvien.vq");
    const auto page = w.flow->listPage(w.actor("chuyenvien.vq"), std::nullopt, {200, 0});
    for (const auto& doc : page.items) {
        CHECK(doc.officeId == specialist.officeId);
        CHECK((doc.authorId == specialist.id || doc.state == DocumentState::Issued));
    }
    CHECK(w.flow->listPage(w.actor("quantri.vq"), std::nullopt, {50, 0}).total == 0);
}

TEST_CASE("OutgoingFlow: a register page is the register's rows for its readers only",
          "[flow][access][paged]") {
    DemoWorld w;
    w.flow->issue(w.actor("vanthu.vq"), w.signedLetter("trang một"));
    w.flow->issue(w.actor("vanthu.vq"), w.signedLetter("trang hai"));
    const auto clerk = w.actor("vanthu.vq");
    const auto whole = w.flow->outgoingRegister(clerk, 2026);
    REQUIRE(whole.size() == 3);
    std::vector<Id> paged;
    for (int offset = 0; offset < 3; ++offset) {
        const auto page = w.flow->outgoingRegisterPage(clerk, 2026, {}, {1, offset});
        CHECK(page.total == 3);
        REQUIRE(page.items.size() == 1);
        paged.push_back(page.items[0].documentId);
    }
    CHECK(paged == std::vector<Id>{whole[0].documentId, whole[1].documentId, whole[2].documentId});
    CHECK(w.flow->outgoingRegisterPage(w.actor("vanthu.nd"), 2026, {}, {50, 0}).total == 0);
    CHECK_THROWS_AS(w.flow->outgoingRegisterPage(w.actor("chuyenvien.vq"), 2026, {}, {50, 0}),
                    Forbidden);
}
