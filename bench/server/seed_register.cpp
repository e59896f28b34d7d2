// bench_server_seed DATA_DIR COUNT: a demo data folder whose Văn Quan district committee has
// COUNT more issued documents in this year's outgoing register, written straight into the
// storage (copies of a demo document that went through the real flow), not through the flow.
// Writes the demo accounts to DATA_DIR/demo-accounts.txt and prints one seeded document's id.
#include <chrono>
#include <fstream>
#include <iostream>

#include "http/DocmgmtBackend.hpp"
#include "vanthu/docmgmt/OutgoingRegister.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/templates/DocumentType.hpp"

using namespace vanthu;

namespace {

docmgmt::OutgoingDocument issuedTemplate(docmgmt::Storage& storage, docmgmt::Id officeId) {
    for (const auto& doc : storage.documents(officeId, docmgmt::DocumentState::Issued)) {
        return doc;
    }
    throw std::runtime_error("the demo data has no issued document in this office");
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: bench_server_seed DATA_DIR COUNT\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int count = std::stoi(argv[2]);
    http::DocmgmtBackend backend(dir);
    const auto demo = backend.createDemoData();
    {
        std::ofstream out(dir / "demo-accounts.txt");
        for (const auto& account : demo.accounts) {
            out << "  " << account.username << "  " << account.password << "\n";
        }
    }
    auto& storage = backend.storage();
    const auto clerk = storage.findUserByName("vanthu.vq").value();
    const auto office = storage.findOffice(clerk.officeId).value();
    auto document = issuedTemplate(storage, office.id);
    const int year = docmgmt::vietnamDate(docmgmt::systemClock()()).year;
    const auto key =
        docmgmt::OutgoingRegister::keyFor(office, year, document.typeCode, document.draft.secrecy);
    const auto type = templates::findDocumentType(document.typeCode);
    const auto started = std::chrono::steady_clock::now();
    docmgmt::Id lastId = 0;
    constexpr int kBatch = 5000;
    for (int done = 0; done < count; done += kBatch) {
        storage.transaction([&] {
            for (int i = done; i < std::min(count, done + kBatch); ++i) {
                const int number = storage.nextOutgoingNumber(key);
                document.id = 0;
                document.number = number;
                document.year = year;
                document.notation = std::to_string(number) + "/" + office.issuerCode + "-" +
                                    document.draft.draftingUnit;
                document.subject = "V/v văn bản thử số " + std::to_string(number);
                lastId = storage.addDocument(document);
                docmgmt::RegisterEntry entry;
                entry.documentId = lastId;
                entry.number = number;
                entry.notation = document.notation;
                entry.issuedDate = document.issuedDate;
                entry.typeName = type ? type->name : document.typeCode;
                entry.subject = document.subject;
                entry.signerName = "Nông Văn Hòa";
                entry.recipients = "UBND các xã, thị trấn";
                entry.archiveCopy = "VT, " + document.draft.draftingUnit;
                entry.series = key.series;
                storage.addRegisterEntry(key, year, office.id, entry);
            }
        });
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "seeded " << count << " issued documents in " << seconds << " s\n";
    std::cout << lastId << "\n";
    return 0;
}
