// Bounded drafts and renders (issue 19, item 5): a draft over a limit is refused at saving with
// InvalidInput naming the field and the limit in Vietnamese, and nothing is stored; a render
// over its time limit is refused the same way; a cancelled render ends with RenderStopped.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;

namespace {

std::string paragraphs(std::size_t count, const std::string& text = "Đoạn.") {
    std::string body;
    for (std::size_t i = 0; i < count; ++i) {
        body += text + "\n\n";
    }
    return body;
}

/// The field and the message of the InvalidInput that `save` throws.
template <typename Save> std::pair<std::string, std::string> refusal(Save save) {
    try {
        save();
    } catch (const InvalidInput& e) {
        return {e.field(), e.what()};
    }
    FAIL("the draft was accepted");
    return {};
}

} // namespace

TEST_CASE("Draft limits: a draft over a limit is refused at saving naming the field",
          "[flow][limits]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto before = w.storage->lastAudit()->seq;

    auto input = w.letterInput("dự thảo quá dài");
    input.body = paragraphs(1'000'000, "a");
    auto [field, message] = refusal([&] { w.flow->createDraft(specialist, input); });
    CHECK(field == "body");
    CHECK(message.find("vượt giới hạn 500.000 ký tự") != std::string::npos);

    input.body = paragraphs(5'001);
    std::tie(field, message) = refusal([&] { w.flow->createDraft(specialist, input); });
    CHECK(field == "body");
    CHECK(message == "Dự thảo có 5.001 đoạn, vượt giới hạn 5.000 đoạn.");

    input = w.letterInput("quá nhiều nơi nhận");
    input.recipients.assign(101, "UBND xã");
    std::tie(field, message) = refusal([&] { w.flow->createDraft(specialist, input); });
    CHECK(field == "recipients");
    CHECK(message.find("vượt giới hạn 100") != std::string::npos);
    CHECK(w.storage->lastAudit()->seq == before); // nothing stored, nothing audited

    // At the limit it is accepted; editing it over the limit is refused and keeps the draft.
    input = w.letterInput("dài vừa đủ");
    input.body = paragraphs(5'000);
    const auto doc = w.flow->createDraft(specialist, input);
    input.body = paragraphs(5'001);
    std::tie(field, message) =
        refusal([&] { w.flow->updateDraft(specialist, doc.id, doc.version, input); });
    CHECK(field == "body");
    CHECK(w.storage->findDocument(doc.id)->version == 1);
}

TEST_CASE("Draft limits: drafts per author", "[flow][limits]") {
    DemoWorld w;
    auto settings = vanthu::test::flowSettings(systemClock(), nullptr);
    const auto specialist = w.actor("chuyenvien.vq");
    const auto open = w.storage->openDrafts(specialist.user.id);
    settings.draftLimits.draftsPerAuthor = open + 1;
    OutgoingFlow limited(*w.storage, *w.blobs, *w.audit, settings);
    limited.createDraft(specialist, w.letterInput("một dự thảo nữa"));
    CHECK(w.storage->openDrafts(specialist.user.id) == open + 1);
    const auto [field, message] =
        refusal([&] { limited.createDraft(specialist, w.letterInput("quá số dự thảo")); });
    CHECK(field.empty());
    CHECK(message.find("dự thảo chưa trình, là giới hạn mỗi người") != std::string::npos);
    // Another author is not held back by this one's drafts.
    CHECK_NOTHROW(limited.createDraft(w.actor("chutich.vq"), w.letterInput("của lãnh đạo")));
}

TEST_CASE("Render limits: over its time limit a render is refused, cancelled, it stops",
          "[flow][limits]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    auto input = w.letterInput("dự thảo dài");
    input.body = paragraphs(2'000, "Đoạn văn của một dự thảo dài, đủ để lấp một dòng rưỡi của "
                                   "trang giấy khổ A4 theo thể thức văn bản hành chính.");
    const auto doc = w.flow->createDraft(specialist, input);

    auto settings = vanthu::test::flowSettings(systemClock(), nullptr);
    settings.renderTimeLimit = std::chrono::milliseconds(1);
    OutgoingFlow hurried(*w.storage, *w.blobs, *w.audit, settings);
    const auto [field, message] = refusal([&] { hurried.pdf(specialist, doc.id); });
    CHECK(field == "body");
    CHECK(message.find("Không dựng xong bản PDF của văn bản trong") != std::string::npos);

    std::atomic<bool> stop{true};
    settings.renderTimeLimit = std::chrono::milliseconds(0);
    settings.stopRenders = &stop;
    OutgoingFlow stopping(*w.storage, *w.blobs, *w.audit, settings);
    CHECK_THROWS_AS(stopping.pdf(specialist, doc.id), vanthu::templates::RenderStopped);
    stop = false;
    CHECK(stopping.pdf(specialist, doc.id).rfind("%PDF-", 0) == 0);
}
