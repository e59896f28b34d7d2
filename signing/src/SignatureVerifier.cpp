#include "vanthu/signing/SignatureVerifier.hpp"

#include <openssl/err.h>
#include <openssl/ess.h>
#include <zlib.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <optional>
#include <set>

#include "ChangeAnalysis.hpp"
#include "OpenSslOwned.hpp"
#include "vanthu/pdf/PdfDocument.hpp"
#include "vanthu/pdf/Revisions.hpp"
#include "vanthu/pdf/SignatureFields.hpp"
#include "vanthu/signing/AlgorithmPolicy.hpp"
#include "vanthu/signing/CadesSignedData.hpp"
#include "vanthu/signing/OcspStatus.hpp"
#include "vanthu/signing/ParseError.hpp"

#include <qpdf/QPDFExc.hh>

namespace vanthu::signing {

namespace {

using TsVerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, OpenSslDeleter<TS_VERIFY_CTX_free>>;
using EssCertV2Ptr = std::unique_ptr<ESS_SIGNING_CERT_V2, OpenSslDeleter<ESS_SIGNING_CERT_V2_free>>;

/// zlib inflate with a 16 MB output limit; nothing when the data is bad or too large.
std::optional<std::string> inflate(std::string_view data) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) {
        return std::nullopt;
    }
    std::string out;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    char buffer[16384];
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = ::inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (out.size() > 16 * 1024 * 1024) {
            rc = Z_MEM_ERROR;
        }
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        return std::nullopt;
    }
    return out;
}

void addCheck(SignatureReport& report, const std::string& name, const std::string& status,
              const std::string& detail) {
    report.checks.push_back(VerifyCheck{name, status, detail});
}

bool checkFailed(const SignatureReport& report, const std::string& name) {
    for (const auto& c : report.checks) {
        if (c.name == name && c.status == "failed") {
            return true;
        }
    }
    return false;
}

/// "D:20240205093000+07'00'" to seconds since the epoch.
std::optional<std::int64_t> parsePdfDate(const std::string& text) {
    std::string s = text;
    if (s.rfind("D:", 0) == 0) {
        s = s.substr(2);
    }
    if (s.size() < 4) {
        return std::nullopt;
    }
    auto digits = [&](size_t at, size_t n, int fallback) -> int {
        if (s.size() < at + n) {
            return fallback;
        }
        int v = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') {
                return -1;
            }
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    struct tm tm {};
    tm.tm_year = digits(0, 4, 0) - 1900;
    tm.tm_mon = digits(4, 2, 1) - 1;
    tm.tm_mday = digits(6, 2, 1);
    tm.tm_hour = digits(8, 2, 0);
    tm.tm_min = digits(10, 2, 0);
    tm.tm_sec = digits(12, 2, 0);
    if (tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0) {
        return std::nullopt;
    }
    std::int64_t t = static_cast<std::int64_t>(timegm(&tm));
    if (s.size() > 14 && (s[14] == '+' || s[14] == '-')) {
        const int hours = digits(15, 2, 0);
        const int minutes = s.size() >= 20 ? digits(18, 2, 0) : 0;
        const int offset = (hours * 3600 + std::max(minutes, 0) * 60) * (s[14] == '+' ? 1 : -1);
        t -= offset;
    }
    return t;
}

using EssCertV1Ptr = std::unique_ptr<ESS_SIGNING_CERT, OpenSslDeleter<ESS_SIGNING_CERT_free>>;

/// Whether the SignerInfo's signing-certificate-v2 (v2) or signing-certificate attribute names
/// `signer` (OpenSSL's ESS check: the certificate's hash and, when given, its issuer and serial).
bool signingCertificateNames(CMS_SignerInfo* si, X509* signer, bool v2) {
    const int nid = v2 ? NID_id_smime_aa_signingCertificateV2 : NID_id_smime_aa_signingCertificate;
    const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(
        CMS_signed_get_attr(si, CMS_signed_get_attr_by_NID(si, nid, -1)), 0);
    bool matches = false;
    X509StackPtr chain(sk_X509_new_null());
    if (value && value->type == V_ASN1_SEQUENCE && chain && sk_X509_push(chain.get(), signer) > 0) {
        X509_up_ref(signer);
        const unsigned char* q = ASN1_STRING_get0_data(value->value.sequence);
        const long length = ASN1_STRING_length(value->value.sequence);
        if (v2) {
            EssCertV2Ptr ess(d2i_ESS_SIGNING_CERT_V2(nullptr, &q, length));
            matches = ess && OSSL_ESS_check_signing_certs(nullptr, ess.get(), chain.get(), 1) > 0;
        } else {
            EssCertV1Ptr ess(d2i_ESS_SIGNING_CERT(nullptr, &q, length));
            matches = ess && OSSL_ESS_check_signing_certs(ess.get(), nullptr, chain.get(), 1) > 0;
        }
    }
    ERR_clear_error();
    return matches;
}

/// The digest of a NID the verifier computes (SHA-1 and SHA-2; whether it is accepted is the
/// algorithm policy's answer, at the time the signature is proven to exist); nullptr otherwise.
const EVP_MD* knownDigest(int nid) {
    switch (nid) {
    case NID_sha1:
        return EVP_sha1();
    case NID_sha224:
        return EVP_sha224();
    case NID_sha256:
        return EVP_sha256();
    case NID_sha384:
        return EVP_sha384();
    case NID_sha512:
        return EVP_sha512();
    default:
        return nullptr;
    }
}

/// "YYYY-MM-DD" of the last day a rule accepts (the day before acceptedUntil).
std::string lastAcceptedDay(std::int64_t acceptedUntil) {
    const std::time_t last = static_cast<std::time_t>(acceptedUntil - 1);
    std::tm tm{};
    gmtime_r(&last, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

/// Why AlgorithmPolicy::standard() refuses `use` at `at` (Unix seconds): "" when it accepts it.
/// The one source of the verifier's algorithm rules, as of the renewal job's.
std::string refusal(const AlgorithmUse& use, std::int64_t at) {
    const std::int64_t until = AlgorithmPolicy::standard().acceptedUntil(use);
    if (at < until) {
        return {};
    }
    if (until == 0) {
        return use.label() + " is unknown or never accepted";
    }
    return use.label() + " is too weak: accepted until " + lastAcceptedDay(until);
}

const char* roleForField(const std::string& field) {
    if (field == "SignerSignature") {
        return "signer";
    }
    if (field == "SealSignature") {
        return "seal";
    }
    return "unknown";
}

class Analysis {
public:
    Analysis(const pdf::PdfDocument& document, std::vector<pdf::RevisionMark> marks,
             const std::vector<X509Ptr>& anchors, const std::vector<X509CrlPtr>& extraCrls,
             std::int64_t validationTime)
        : doc_(document), marks_(std::move(marks)), anchors_(anchors), extraCrls_(extraCrls),
          validationTime_(validationTime), last_(marks_.size() - 1) {}

    VerifyReport run() {
        VerifyReport report;
        report.revisions = static_cast<int>(marks_.size());
        if (doc_.repaired()) {
            report.errors.push_back("the file's cross-reference data is damaged (qpdf had to "
                                    "repair it: " +
                                    doc_.repairs().front() + ")");
        }
        collectDss();
        int index = 0;
        std::vector<pdf::SignatureField> signedFields;
        for (const auto& field : pdf::findSignatureFields(doc_)) {
            if (!field.hasValue) {
                report.unsignedFields.push_back(field.name);
                continue;
            }
            report.signatures.push_back(verifySignature(field, ++index));
            signedFields.push_back(field);
        }
        proveByLaterTimeStamps(report, signedFields);
        // Trailing bytes after the last revision are an unaccounted change.
        const auto tail = bytes().substr(marks_.back().end);
        if (tail.find_first_not_of(" \t\r\n\f", 0) != std::string_view::npos) {
            report.errors.push_back("bytes were appended after the last %%EOF without a revision");
            for (auto& s : report.signatures) {
                s.changes.push_back(DocumentChange{report.revisions, "file end",
                                                   "bytes appended after the last %%EOF", false});
            }
        }
        // Every revision must be in the cross-reference chain (/Prev) of the last one: a
        // revision left out of it is hidden from readers that follow the chain.
        std::set<size_t> chain;
        for (auto x = marks_.back().startxref;
             x && chain.size() <= marks_.size() && chain.insert(*x).second;
             x = pdf::previousXref(bytes(), *x)) {
        }
        for (size_t i = 1; i < marks_.size(); ++i) {
            if (!chain.count(*marks_[i].startxref)) {
                report.errors.push_back("a revision ending at byte " +
                                        std::to_string(marks_[i].end) +
                                        " is not linked into the cross-reference chain");
                break;
            }
        }
        markLevels(report);
        if (report.signatures.empty()) {
            report.errors.push_back("the document has no signatures");
        }
        report.ok = report.errors.empty() && !report.signatures.empty();
        for (auto& s : report.signatures) {
            bool disallowed = false;
            for (const auto& c : s.changes) {
                disallowed = disallowed || !c.allowed;
            }
            if (disallowed) {
                addCheck(s, "changes", "failed",
                         "the document was changed after this signature in a way "
                         "a signature does not allow, or the changes could not be analysed "
                         "(see changes)");
            } else {
                addCheck(s, "changes", "passed",
                         s.changes.empty()
                             ? "nothing changed after this signature"
                             : "only allowed changes: signatures, validation data, "
                               "time-stamps, the form fill-in of the number and date, or "
                               "annotations a P=3 certification allows (see changes)");
            }
            s.ok = s.valid && s.trusted && !checkFailed(s, "key-usage") &&
                   !checkFailed(s, "revocation") && !disallowed;
            report.ok = report.ok && s.ok;
        }
        return report;
    }

private:
    std::string_view bytes() const { return doc_.bytes(); }

    // ---- the chain of time-stamps (PAdES B-LTA, ETSI EN 319 102-1 5.6.2.4) ----------------

    /// A signature or time-stamp whose certificate (or whose time-stamp's authority) has expired
    /// since is judged again at the time of the earliest trusted document time-stamp over a
    /// later revision: that time-stamp proves the bytes, with the validation data in /DSS, existed
    /// then. Done from the newest revision down, so a document time-stamp whose own authority
    /// has expired is proved by a later one in turn (the renewal of issue 21 item 4).
    void proveByLaterTimeStamps(VerifyReport& report,
                                const std::vector<pdf::SignatureField>& fields) {
        std::vector<std::size_t> order(report.signatures.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return report.signatures[a].revision > report.signatures[b].revision;
        });
        std::vector<std::pair<int, std::int64_t>> stamps; // trusted: revision, time
        for (const std::size_t i : order) {
            SignatureReport& s = report.signatures[i];
            std::optional<std::int64_t> proof;
            for (const auto& [revision, time] : stamps) {
                if (revision > s.revision && (!proof || time < *proof)) {
                    proof = time;
                }
            }
            if (proof && s.revision > 0 &&
                ((s.valid && (!s.trusted || checkFailed(s, "time-stamp"))) ||
                 checkFailed(s, "algorithm"))) {
                proofTime_ = proof;
                SignatureReport again = verifySignature(fields[i], s.index);
                proofTime_.reset();
                if (again.valid && again.trusted) {
                    s = std::move(again);
                }
            }
            if (s.kind == "document-time-stamp" && s.valid && s.trusted &&
                docStampTimes_.count(s.index)) {
                stamps.emplace_back(s.revision, docStampTimes_[s.index]);
            }
        }
    }

    // ---- document structure (through qpdf) ----------------------------------------------

    void collectDss() {
        QPDFObjectHandle catalog = doc_.catalog();
        if (!catalog.hasKey("/DSS")) {
            return;
        }
        QPDFObjectHandle dss = catalog.getKey("/DSS");
        auto streams = [&](const char* key, auto&& add) {
            QPDFObjectHandle list = dss.isDictionary() ? dss.getKey(key) : QPDFObjectHandle{};
            if (!list.isArray()) {
                return;
            }
            for (int i = 0, n = std::min(list.getArrayNItems(), 10000); i < n; ++i) {
                QPDFObjectHandle item = list.getArrayItem(i);
                if (!item.isStream()) {
                    continue;
                }
                std::string data;
                try {
                    const auto buffer = item.getRawStreamData();
                    data.assign(reinterpret_cast<const char*>(buffer->getBuffer()),
                                buffer->getSize());
                } catch (const std::exception&) {
                    continue;
                }
                QPDFObjectHandle filter = item.getDict().getKey("/Filter");
                if (filter.isNull()) {
                    add(data);
                } else if ((filter.isName() && filter.getName() == "/FlateDecode") ||
                           (filter.isArray() && filter.getArrayNItems() == 1 &&
                            filter.getArrayItem(0).isName() &&
                            filter.getArrayItem(0).getName() == "/FlateDecode")) {
                    if (const auto inflated = inflate(data)) {
                        add(*inflated);
                    }
                }
            }
        };
        streams("/Certs", [&](std::string_view der) {
            const auto* p = reinterpret_cast<const unsigned char*>(der.data());
            if (X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()))) {
                dssCerts_.emplace_back(cert);
            }
        });
        streams("/OCSPs", [&](std::string_view der) { dssOcsps_.emplace_back(der); });
        streams("/CRLs", [&](std::string_view der) {
            const auto* p = reinterpret_cast<const unsigned char*>(der.data());
            if (X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size()))) {
                dssCrls_.emplace_back(crl);
            }
        });
        ERR_clear_error();
        hasDss_ = true;
    }

    /// Whether bytes [b, c) are exactly a hex string whose value is contents.
    bool gapIsContents(size_t b, size_t c, const std::string& contents) const {
        const std::string_view gap = bytes().substr(b, c - b);
        if (gap.size() < 2 || gap.front() != '<' || gap.back() != '>') {
            return false;
        }
        std::string decoded;
        int high = -1;
        for (size_t i = 1; i + 1 < gap.size(); ++i) {
            const char ch = gap[i];
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f') {
                continue;
            }
            int v = -1;
            if (ch >= '0' && ch <= '9') {
                v = ch - '0';
            } else if (ch >= 'a' && ch <= 'f') {
                v = ch - 'a' + 10;
            } else if (ch >= 'A' && ch <= 'F') {
                v = ch - 'A' + 10;
            } else {
                return false;
            }
            if (high < 0) {
                high = v;
            } else {
                decoded.push_back(static_cast<char>(high * 16 + v));
                high = -1;
            }
        }
        if (high >= 0) {
            decoded.push_back(static_cast<char>(high * 16));
        }
        return decoded == contents;
    }

    /// The revision (index into marks_) ending exactly at offset, if any.
    std::optional<size_t> revisionEndingAt(size_t offset) const {
        for (size_t i = 0; i < marks_.size(); ++i) {
            if (marks_[i].end == offset) {
                return i;
            }
        }
        return std::nullopt;
    }

    /// "" when the object holding the signature dictionary was written in the signed revision,
    /// is the one the last revision still uses, and holds the /Contents gap [b, c).
    std::string checkHolder(const pdf::ObjectId& holder, size_t revision, size_t b,
                            size_t c) const {
        const pdf::PdfDocument signedDocument =
            revision + 1 == marks_.size() ? doc_ : pdf::openRevision(bytes(), marks_[revision]);
        if (signedDocument.repaired()) {
            return "the signed revision's cross-reference data is damaged";
        }
        const auto inSigned = signedDocument.locate(holder.num);
        const auto inLast = doc_.locate(holder.num);
        if (!inSigned || !inLast || !(*inSigned == *inLast)) {
            return "the signature dictionary was replaced in a later revision";
        }
        const size_t begin = revision == 0 ? 0 : marks_[revision - 1].end;
        const auto offset = static_cast<size_t>(inSigned->offset);
        const size_t endobj = bytes().find("endobj", offset);
        if (inSigned->kind != pdf::XrefLocation::Kind::Offset || offset < begin || b <= offset ||
            endobj == std::string_view::npos || c > endobj) {
            return "/Contents is not inside the signature dictionary of the signed revision";
        }
        return {};
    }

    // ---- one signature ------------------------------------------------------------------

    SignatureReport verifySignature(const pdf::SignatureField& field, int index) {
        SignatureReport report;
        report.index = index;
        report.field = field.name;
        report.role = roleForField(field.name);
        report.kind = "signature";
        report.level = "none";
        if (!field.value) {
            addCheck(report, "integrity", "failed", "the field's /V is not a signature dictionary");
            return report;
        }
        const pdf::SignatureDictionary& sig = *field.value;
        const bool docTimeStamp = sig.type == "DocTimeStamp" || sig.subFilter == "ETSI.RFC3161";
        if (docTimeStamp) {
            report.kind = "document-time-stamp";
            report.role = "document-time-stamp";
        }
        report.subFilter = sig.subFilter;
        if (!sig.m.empty()) {
            if (const auto t = parsePdfDate(sig.m)) {
                report.claimedTime = isoVietnamTime(*t);
            }
        }
        report.locksDocument = locks(sig.references);
        if (field.lock) {
            report.locksDocument =
                report.locksDocument || (field.lock->action == "All" && field.lock->p);
        }
        if (report.locksDocument && report.role == "unknown") {
            report.role = "seal";
        }
        policy_ = changePolicy(sig, field.lock);

        // --- integrity: the byte range and where /Contents is
        std::string problem;
        if (sig.filter.empty()) {
            problem = "/Filter is missing";
        } else if (sig.subFilter.empty()) {
            problem = "/SubFilter is missing";
        } else if (!sig.contentsIsString) {
            problem = "/Contents is missing, null or not a hex string";
        } else if (sig.contents.empty() ||
                   sig.contents.find_first_not_of('\0') == std::string::npos) {
            problem = "/Contents is empty";
        } else if (!sig.byteRange) {
            problem = "/ByteRange is missing or not an array";
        } else if (sig.byteRange->size() != 4) {
            problem = "/ByteRange must have exactly two ranges (four numbers)";
        } else if (std::find(sig.byteRange->begin(), sig.byteRange->end(), -1) !=
                   sig.byteRange->end()) {
            problem = "/ByteRange holds something other than non-negative integers";
        }
        if (!problem.empty()) {
            addCheck(report, "integrity", "failed", problem);
            return report;
        }
        const auto& r = *sig.byteRange;
        const std::int64_t a = r[0], b = r[1], c = r[2], d = r[3];
        const auto size = static_cast<std::int64_t>(bytes().size());
        std::optional<size_t> revision;
        if (a != 0) {
            problem = "the first range does not start at byte 0";
        } else if (c < b || d > size || c > size - d) {
            problem = "the ranges overlap or go past the end of the file";
        } else if (!gapIsContents(static_cast<size_t>(b), static_cast<size_t>(c), sig.contents)) {
            problem = "the gap between the ranges is not exactly this signature's /Contents";
        } else if (!(revision = revisionEndingAt(static_cast<size_t>(c + d)))) {
            problem = "the signed range does not end at a revision's %%EOF";
        } else {
            // The signature dictionary (or the field holding it) must be the one of that revision
            // and must not have been replaced later.
            problem = checkHolder(sig.id.indirect() ? sig.id : field.field, *revision,
                                  static_cast<size_t>(b), static_cast<size_t>(c));
        }
        if (!problem.empty()) {
            addCheck(report, "integrity", "failed", problem);
            return report;
        }
        report.revision = static_cast<int>(*revision) + 1;
        report.coversWholeDocument = *revision + 1 == marks_.size();
        std::string signedBytes;
        signedBytes.reserve(static_cast<size_t>(b + d));
        signedBytes.append(bytes().substr(0, static_cast<size_t>(b)));
        signedBytes.append(bytes().substr(static_cast<size_t>(c), static_cast<size_t>(d)));

        // --- the CMS
        const std::string& padded = sig.contents;
        const size_t length = der::berLength(padded);
        if (length == 0 || padded.find_first_not_of('\0', length) != std::string::npos) {
            addCheck(report, "cms", "failed",
                     "/Contents is not one DER object followed by zero padding (nor one BER "
                     "object)");
            return report;
        }
        const std::string cmsDer = padded.substr(0, length);
        bool integrityOk = false;
        if (docTimeStamp) {
            if (!report.subFilter.empty() && report.subFilter != "ETSI.RFC3161") {
                addCheck(report, "cms", "failed",
                         "a document time-stamp must use /SubFilter /ETSI.RFC3161");
                return report;
            }
            bool intactButUntrusted = false;
            integrityOk =
                verifyTimeStampToken(report, cmsDer, signedBytes, true, &intactButUntrusted);
            // Intact but from an authority that is not trusted: valid (integrity), not trusted,
            // as a signature whose chain fails; the failed time-stamp check keeps ok false.
            report.valid = integrityOk || intactButUntrusted;
            if (report.valid) {
                addCheck(report, "integrity", "passed",
                         "the byte range covers revision " + std::to_string(report.revision) +
                             " except /Contents, and its digest matches");
            }
        } else {
            const bool pkcs7 = report.subFilter == "adbe.pkcs7.detached";
            if (report.subFilter != "ETSI.CAdES.detached" && !pkcs7) {
                addCheck(report, "cms", "failed",
                         "/SubFilter is /" + report.subFilter +
                             ", neither /ETSI.CAdES.detached nor /adbe.pkcs7.detached");
                return report;
            }
            verifyCms(report, cmsDer, signedBytes, pkcs7);
        }
        analyseChangesAfter(report, *revision);
        return report;
    }

    /// What the signature permits after it: its FieldMDP and DocMDP transforms and the field's
    /// /Lock; a /P in any of them is the DocMDP permission (the lowest wins).
    static ChangePolicy changePolicy(const pdf::SignatureDictionary& sig,
                                     const std::optional<pdf::FieldLock>& fieldLock) {
        ChangePolicy policy;
        FieldLocks& spec = policy.locks;
        auto permit = [&](std::optional<int> p) {
            if (p) {
                const int value = std::clamp(*p, 1, 3);
                policy.permission = std::min(policy.permission.value_or(3), value);
            }
        };
        auto fieldMdp = [&](const pdf::FieldLock& params) {
            if (params.action.empty() || params.action == "All") {
                spec.all = true;
            } else if (params.action == "Include") {
                spec.include.insert(params.fields.begin(), params.fields.end());
            } else if (params.action == "Exclude") {
                spec.excludeMode = true;
                spec.exclude.insert(params.fields.begin(), params.fields.end());
            } else {
                spec.all = true; // unknown action: fail closed
            }
        };
        for (const auto& reference : sig.references) {
            if (reference.method == "FieldMDP") {
                fieldMdp(reference.fieldMdp.value_or(pdf::FieldLock{}));
                permit(reference.fieldMdp ? reference.fieldMdp->p : std::nullopt);
            } else if (reference.method == "DocMDP") {
                permit(reference.p.value_or(2));
            }
        }
        if (fieldLock) {
            fieldMdp(*fieldLock);
            permit(fieldLock->p);
        }
        if (policy.permission == 1) {
            spec.all = true;
        }
        policy.locksDocument = spec.all;
        return policy;
    }

    static bool locks(const std::vector<pdf::TransformReference>& references) {
        for (const auto& reference : references) {
            if (reference.method == "DocMDP") {
                return true;
            }
            if (reference.method == "FieldMDP" && reference.fieldMdp &&
                reference.fieldMdp->action == "All") {
                return true;
            }
        }
        return false;
    }

    /// The change analysis of the revisions after the signed one (ChangeAnalysis), or a failure
    /// saying why it cannot be done: never "nothing changed" for revisions it could not read.
    void analyseChangesAfter(SignatureReport& report, size_t revision) {
        if (revision + 1 == marks_.size()) {
            return; // the signature covers the whole file: nothing can have changed
        }
        std::string why;
        try {
            if (!changes_) {
                changes_ = std::make_unique<ChangeAnalysis>(bytes(), marks_, doc_);
            }
            report.changes = changes_->after(revision, policy_);
            return;
        } catch (const pdf::PdfError& e) {
            why = e.what();
        } catch (const QPDFExc& e) {
            why = e.getMessageDetail();
        } catch (const std::exception& e) {
            why = e.what();
        }
        const int next = static_cast<int>(revision) + 2;
        report.changes.push_back(DocumentChange{
            next, "revision " + std::to_string(next),
            "the changes made after this signature cannot be analysed: " + why, false});
    }

    X509StackPtr untrustedCertificates(STACK_OF(X509) * cmsCerts) const {
        X509StackPtr stack(sk_X509_new_null());
        check(stack != nullptr, "out of memory");
        auto push = [&](X509* cert) { pushShared(stack.get(), cert); };
        for (int i = 0; cmsCerts && i < sk_X509_num(cmsCerts); ++i) {
            push(sk_X509_value(cmsCerts, i));
        }
        for (const auto& cert : dssCerts_) {
            push(cert.get());
        }
        return stack;
    }

    /// at: the time certificates are checked at (a time-stamp's authority proved by a later
    /// document time-stamp); none: now.
    X509StorePtr trustStore(std::optional<std::int64_t> at = std::nullopt) const {
        X509StorePtr store(X509_STORE_new());
        check(store != nullptr, "out of memory");
        for (const auto& anchor : anchors_) {
            X509_STORE_add_cert(store.get(), anchor.get());
        }
        if (at) {
            X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()),
                                       static_cast<time_t>(*at));
        }
        return store;
    }

    /// pkcs7: /SubFilter /adbe.pkcs7.detached (ISO 32000-1 12.8.3.3), where
    /// signing-certificate-v2 is optional (checked when present).
    void verifyCms(SignatureReport& report, const std::string& cmsDer,
                   const std::string& signedBytes, bool pkcs7) {
        bool ber = false;
        const auto* p = reinterpret_cast<const unsigned char*>(cmsDer.data());
        CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cmsDer.size())));
        if (!cms || p != reinterpret_cast<const unsigned char*>(cmsDer.data()) + cmsDer.size()) {
            ERR_clear_error();
            addCheck(report, "cms", "failed", "/Contents is not a readable CMS structure");
            return;
        }
        {
            unsigned char* out = nullptr;
            const int n = i2d_CMS_ContentInfo(cms.get(), &out);
            const OpenSslMemoryPtr<unsigned char> owned(out);
            const bool same =
                n > 0 && static_cast<size_t>(n) == cmsDer.size() &&
                std::equal(cmsDer.begin(), cmsDer.end(), reinterpret_cast<char*>(out));
            // BER (indefinite lengths, as BouncyCastle-based signers write it) is read as it is;
            // the signature covers the DER encoding of the signed attributes, which is what
            // CMS_SignerInfo_verify re-encodes and checks.
            ber = !same;
        }
        if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
            addCheck(report, "cms", "failed", "the CMS is not SignedData");
            return;
        }
        STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
        if (!infos || sk_CMS_SignerInfo_num(infos) != 1) {
            addCheck(report, "cms", "failed",
                     "the CMS must have exactly one SignerInfo, it has " +
                         std::to_string(infos ? sk_CMS_SignerInfo_num(infos) : 0));
            return;
        }
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
        ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
        if (OBJ_obj2nid(CMS_get0_eContentType(cms.get())) != NID_pkcs7_data || !content ||
            *content != nullptr) {
            addCheck(report, "cms", "failed", "the CMS must be detached over id-data");
            return;
        }
        // Digest algorithm.
        X509_ALGOR* digestAlgorithm = nullptr;
        CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digestAlgorithm, nullptr);
        const ASN1_OBJECT* digestOid = nullptr;
        X509_ALGOR_get0(&digestOid, nullptr, nullptr, digestAlgorithm);
        const int digestNid = OBJ_obj2nid(digestOid);
        const EVP_MD* md = knownDigest(digestNid);
        if (!md) {
            addCheck(report, "algorithm", "failed",
                     "the digest algorithm " + hashAlgorithm(digestNid).label() +
                         " is unknown or never accepted");
            return;
        }
        // Signed attributes: each required one exactly once, with one value.
        std::map<int, int> counts;
        for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
            X509_ATTRIBUTE* attribute = CMS_signed_get_attr(si, i);
            const int nid = OBJ_obj2nid(X509_ATTRIBUTE_get0_object(attribute));
            counts[nid] += X509_ATTRIBUTE_count(attribute) == 1 ? 1 : 100;
        }
        // The signer's certificate is named by signing-certificate-v2, or by the first version
        // (ESS signing-certificate, a SHA-1 hash of the certificate), which CAdES prescribes with
        // SHA-1 and older signers write: exactly one of them (with adbe.pkcs7.detached, none).
        const int essV1 = counts[NID_id_smime_aa_signingCertificate];
        const int essV2 = counts[NID_id_smime_aa_signingCertificateV2];
        const bool hasSigningCertificate = essV1 + essV2 != 0;
        for (const auto& [nid, label] : std::vector<std::pair<int, const char*>>{
                 {NID_pkcs9_contentType, "content-type"},
                 {NID_pkcs9_messageDigest, "message-digest"}}) {
            if (counts[nid] != 1) {
                addCheck(
                    report, "cms", "failed",
                    std::string("the signed attribute ") + label +
                        (counts[nid] == 0 ? " is missing" : " is repeated or has several values"));
                return;
            }
        }
        if (!(pkcs7 && !hasSigningCertificate) && essV1 + essV2 != 1) {
            addCheck(report, "cms", "failed",
                     essV1 + essV2 == 0
                         ? "the signed attribute signing-certificate-v2 is missing"
                         : "the signed attribute signing-certificate(-v2) is repeated or has "
                           "several values");
            return;
        }
        // PAdES baseline forbids signing-time (the time is /M); other signers write it anyway.
        // It is reported, not a failure: it makes no claim the verifier relies on.
        const bool signingTime = counts[NID_pkcs9_signingTime] != 0;
        const auto* contentType = static_cast<const ASN1_OBJECT*>(
            CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT));
        if (!contentType || OBJ_obj2nid(contentType) != NID_pkcs7_data) {
            addCheck(report, "cms", "failed", "the content-type attribute is not id-data");
            return;
        }
        const auto* messageDigest =
            static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
                si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
        const Bytes computed = digest(md, signedBytes);
        if (!messageDigest ||
            Bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(messageDigest)),
                  static_cast<size_t>(ASN1_STRING_length(messageDigest))) != computed) {
            addCheck(
                report, "integrity", "failed",
                "the signed bytes' digest does not match the signature: the document was altered");
            return;
        }
        addCheck(report, "integrity", "passed",
                 "the byte range covers revision " + std::to_string(report.revision) +
                     " except /Contents, and its digest matches");
        // The signer's certificate.
        X509StackPtr cmsCerts(CMS_get1_certs(cms.get()));
        X509StackPtr untrusted = untrustedCertificates(cmsCerts.get());
        X509* signer = nullptr;
        for (int i = 0; i < sk_X509_num(untrusted.get()); ++i) {
            if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(untrusted.get(), i)) == 0) {
                signer = sk_X509_value(untrusted.get(), i);
                break;
            }
        }
        if (!signer) {
            addCheck(report, "cms", "failed", "the signer's certificate is not in the signature");
            return;
        }
        report.signer = commonName(signer);
        report.signerSubject = nameToString(X509_get_subject_name(signer));
        report.issuer = nameToString(X509_get_issuer_name(signer));
        {
            BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(signer), nullptr));
            const OpenSslMemoryPtr<char> hex(serial ? BN_bn2hex(serial.get()) : nullptr);
            report.serialNumber = hex ? hex.get() : "";
        }
        // signing-certificate(-v2) names this certificate.
        if (hasSigningCertificate && !signingCertificateNames(si, signer, essV2 != 0)) {
            addCheck(report, "cms", "failed",
                     std::string("the ") +
                         (essV2 != 0 ? "signing-certificate-v2" : "signing-certificate") +
                         " attribute does not name the signer's certificate");
            return;
        }
        CMS_SignerInfo_set1_signer_cert(si, signer);
        if (CMS_SignerInfo_verify(si) != 1) {
            const std::string why = drainOpenSslErrors();
            addCheck(report, "cms", "failed",
                     "the signature value does not verify with the signer's certificate" +
                         (why.empty() ? std::string() : " (" + why + ")"));
            return;
        }
        addCheck(report, "cms", "passed",
                 std::string(pkcs7 ? "adbe.pkcs7.detached (a PDF signature, not PAdES): " : "") +
                     "one SignerInfo, " +
                     (ber ? "BER (signed attributes verified as DER)" : "DER") +
                     ", content-type, message-digest" +
                     (essV2 != 0   ? " and signing-certificate-v2 present, "
                      : essV1 != 0 ? " and signing-certificate (first version) present, "
                                   : " present (no signing-certificate-v2), ") +
                     (signingTime ? "a signing-time attribute (PAdES baseline forbids it; "
                                    "the time shown is /M)"
                                  : "no signing-time") +
                     ", signature verifies");
        report.valid = true;
        report.level = "B-B";

        // Signature time-stamp (unsigned attribute).
        std::optional<std::int64_t> timeStamp;
        const int tsIndex = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
        if (tsIndex >= 0) {
            const ASN1_TYPE* value =
                X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, tsIndex), 0);
            const ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
            const std::string_view signatureValue(
                reinterpret_cast<const char*>(ASN1_STRING_get0_data(signature)),
                static_cast<size_t>(ASN1_STRING_length(signature)));
            if (!value || value->type != V_ASN1_SEQUENCE) {
                addCheck(report, "time-stamp", "failed", "the signature time-stamp is unreadable");
                report.valid = false;
            } else {
                const Bytes token(
                    reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.sequence)),
                    static_cast<size_t>(ASN1_STRING_length(value->value.sequence)));
                bool intactButUntrusted = false;
                if (verifyTimeStampToken(report, token, signatureValue, false,
                                         &intactButUntrusted)) {
                    timeStamp = tstTime_;
                    report.level = "B-T";
                } else if (!intactButUntrusted) {
                    report.valid = false; // an intact token of an untrusted TSA: ok stays false
                }
            }
        }
        // The digest and the signer's key, judged by the algorithm policy when the signature is
        // proven to exist (ETSI EN 319 102-1, cryptographic constraints at the proof of
        // existence): at its own time-stamp, else at a later document time-stamp, else at the
        // validation time. A letter signed with RSA 2048 in 2026 and time-stamped then stays
        // valid after 2030; an untimed one is refused once the policy stops accepting it.
        const std::int64_t provenAt = timeStamp ? *timeStamp : proofTime_.value_or(judgedAt());
        for (const auto& [what, use] :
             {std::pair<const char*, AlgorithmUse>{"the digest algorithm ",
                                                   hashAlgorithm(digestNid)},
              std::pair<const char*, AlgorithmUse>{"the signer's key ",
                                                   keyAlgorithm(X509_get0_pubkey(signer))}}) {
            if (const std::string why = refusal(use, provenAt); !why.empty()) {
                addCheck(report, "algorithm", "failed", what + why);
                report.valid = false;
                return;
            }
        }
        // Without a time-stamp of its own, a later document time-stamp proves the time.
        verifyChain(report, signer, untrusted.get(), timeStamp ? timeStamp : proofTime_);
        // Key usage of a signing certificate.
        const uint32_t usage = X509_get_key_usage(signer);
        if (usage == UINT32_MAX || (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
            addCheck(report, "key-usage", usage == UINT32_MAX ? "warning" : "passed",
                     usage == UINT32_MAX ? "the certificate has no key usage extension"
                                         : "digitalSignature or nonRepudiation is allowed");
        } else {
            addCheck(
                report, "key-usage", "failed",
                "the certificate's key usage allows neither digitalSignature nor nonRepudiation");
        }
    }

    /// Verifies a TimeStampToken over the covered data (its imprint in the token's hash, which
    /// the algorithm policy must accept, as the token's signature and key); sets tstTime_.
    /// intactButUntrusted, when given, is set when the token is intact (its signature and
    /// imprint check) but its authority does not chain to a trust anchor: the function still
    /// returns false and records the failed check, but the caller may count the integrity.
    bool verifyTimeStampToken(SignatureReport& report, const Bytes& tokenDer,
                              std::string_view covered, bool isDocumentTimeStamp,
                              bool* intactButUntrusted = nullptr) {
        const auto* p = reinterpret_cast<const unsigned char*>(tokenDer.data());
        Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, static_cast<long>(tokenDer.size())));
        if (!token ||
            p != reinterpret_cast<const unsigned char*>(tokenDer.data()) + tokenDer.size()) {
            ERR_clear_error();
            addCheck(report, "time-stamp", "failed", "the time-stamp token is unreadable");
            return false;
        }
        TsTstInfoPtr info(PKCS7_to_TS_TST_INFO(token.get()));
        if (!info) {
            ERR_clear_error();
            addCheck(report, "time-stamp", "failed", "the time-stamp token has no TSTInfo");
            return false;
        }
        // The imprint in the token's own hash (SHA-256, -384, -512: other systems' TSAs use
        // each), the token's signature digest and the authority's key, by the algorithm policy.
        const ASN1_OBJECT* algorithm = nullptr;
        X509_ALGOR_get0(&algorithm, nullptr, nullptr,
                        TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(info.get())));
        const int imprintNid = OBJ_obj2nid(algorithm);
        const EVP_MD* imprintMd = knownDigest(imprintNid);
        std::string why = refusal(hashAlgorithm(imprintNid), proofTime_.value_or(judgedAt()));
        if (why.empty() && !imprintMd) {
            why = hashAlgorithm(imprintNid).label() + " is not computed";
        }
        if (why.empty()) {
            why = tokenAlgorithmRefusal(token.get());
        }
        if (!why.empty()) {
            addCheck(report, "time-stamp", "failed", "the time-stamp's algorithm " + why);
            return false;
        }
        const Bytes imprint = digest(imprintMd, covered);
        TsVerifyCtxPtr ctx(TS_VERIFY_CTX_new());
        check(ctx != nullptr, "out of memory");
        auto* imprintCopy =
            static_cast<unsigned char*>(OPENSSL_memdup(imprint.data(), imprint.size()));
        check(imprintCopy != nullptr, "out of memory");
        TS_VERIFY_CTX_set_imprint(ctx.get(), imprintCopy, static_cast<long>(imprint.size()));
        TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT);
        TS_VERIFY_CTX_set_store(ctx.get(), trustStore().release());
        TS_VERIFY_CTX_set_certs(ctx.get(), untrustedCertificates(nullptr).release());
        bool ok = TS_RESP_verify_token(ctx.get(), token.get()) == 1;
        why = drainOpenSslErrors();
        bool proved = false;
        if (!ok && proofTime_ && why.find("certificate verify error") != std::string::npos) {
            // The authority's certificate may have expired since: check it at the time a later
            // document time-stamp proves this token existed.
            TS_VERIFY_CTX_set_store(ctx.get(), trustStore(proofTime_).release());
            ok = TS_RESP_verify_token(ctx.get(), token.get()) == 1;
            proved = ok;
            const std::string again = drainOpenSslErrors();
            why = ok ? std::string() : again;
        }
        tstTime_ = toUnixTime(TS_TST_INFO_get_time(info.get()));
        report.timeStampTime = isoVietnamTime(tstTime_);
        if (!ok) {
            const bool untrusted = why.find("certificate verify error") != std::string::npos;
            if (untrusted && intactButUntrusted) {
                *intactButUntrusted = intactWithoutChain(token.get(), imprint);
            }
            addCheck(report, "time-stamp", "failed",
                     untrusted ? "the time-stamp's authority is not trusted (" + why + ")"
                               : "the time-stamp does not match the signature (" + why + ")");
            return false;
        }
        addCheck(report, "time-stamp", "passed",
                 std::string(isDocumentTimeStamp ? "document time-stamp" : "signature time-stamp") +
                     " at " + report.timeStampTime + " verifies and its authority is trusted" +
                     (proved ? " (its certificate checked at " + isoVietnamTime(*proofTime_) +
                                   ", proved by a later document time-stamp)"
                             : std::string()));
        if (isDocumentTimeStamp) {
            docStampTimes_[report.index] = tstTime_;
            // The TSA's identity for the report.
            const X509ViewStackPtr signers(PKCS7_get0_signers(token.get(), token->d.sign->cert, 0));
            if (signers && sk_X509_num(signers.get()) > 0) {
                report.signer = commonName(sk_X509_value(signers.get(), 0));
                report.signerSubject =
                    nameToString(X509_get_subject_name(sk_X509_value(signers.get(), 0)));
            }
            ERR_clear_error();
            report.trusted = true;
            report.level = "B-LTA";
            addCheck(report, "chain", "passed",
                     "the time-stamp authority chains to a trust anchor");
        }
        return true;
    }

    /// The time the algorithm policy is applied at: the validation time asked for, else now.
    std::int64_t judgedAt() const {
        return validationTime_ ? validationTime_ : static_cast<std::int64_t>(std::time(nullptr));
    }

    /// Why the policy refuses a time-stamp token's signature digest or its authority's key
    /// (the certificate the token carries); "" when both are accepted or cannot be read (the
    /// token's verification then fails on its own).
    std::string tokenAlgorithmRefusal(PKCS7* token) const {
        STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(token);
        if (!infos || sk_PKCS7_SIGNER_INFO_num(infos) != 1) {
            return {};
        }
        X509_ALGOR* digestAlgorithm = nullptr;
        PKCS7_SIGNER_INFO_get0_algs(sk_PKCS7_SIGNER_INFO_value(infos, 0), nullptr, &digestAlgorithm,
                                    nullptr);
        const ASN1_OBJECT* oid = nullptr;
        X509_ALGOR_get0(&oid, nullptr, nullptr, digestAlgorithm);
        const std::int64_t at = proofTime_.value_or(judgedAt());
        std::string why = refusal(hashAlgorithm(OBJ_obj2nid(oid)), at);
        if (why.empty()) {
            const X509ViewStackPtr signers(PKCS7_get0_signers(token, token->d.sign->cert, 0));
            if (signers && sk_X509_num(signers.get()) > 0) {
                why = refusal(keyAlgorithm(X509_get0_pubkey(sk_X509_value(signers.get(), 0))), at);
                if (!why.empty()) {
                    why = "key " + why;
                }
            }
        }
        ERR_clear_error();
        return why;
    }

    /// The token's signature (with the certificate it carries) and its imprint, without its
    /// chain to a trust anchor.
    bool intactWithoutChain(PKCS7* token, const Bytes& imprint) const {
        const bool signatureOk =
            PKCS7_verify(token, nullptr, nullptr, nullptr, nullptr, PKCS7_NOVERIFY) == 1;
        TsVerifyCtxPtr ctx(TS_VERIFY_CTX_new());
        check(ctx != nullptr, "out of memory");
        auto* imprintCopy =
            static_cast<unsigned char*>(OPENSSL_memdup(imprint.data(), imprint.size()));
        check(imprintCopy != nullptr, "out of memory");
        TS_VERIFY_CTX_set_imprint(ctx.get(), imprintCopy, static_cast<long>(imprint.size()));
        TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_IMPRINT);
        const bool imprintOk = TS_RESP_verify_token(ctx.get(), token) == 1;
        ERR_clear_error();
        return signatureOk && imprintOk;
    }

    void verifyChain(SignatureReport& report, X509* signer, STACK_OF(X509) * untrusted,
                     std::optional<std::int64_t> timeStamp) {
        auto attempt = [&](std::optional<std::int64_t> at, int& error, X509StackPtr& chain) {
            X509StorePtr store = trustStore();
            X509StoreCtxPtr ctx(X509_STORE_CTX_new());
            check(ctx && X509_STORE_CTX_init(ctx.get(), store.get(), signer, untrusted) == 1,
                  "cannot start certificate checking");
            if (at) {
                X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(*at));
            } else if (validationTime_) {
                X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(validationTime_));
            }
            const bool ok = X509_verify_cert(ctx.get()) == 1;
            error = X509_STORE_CTX_get_error(ctx.get());
            chain.reset(X509_STORE_CTX_get1_chain(ctx.get()));
            ERR_clear_error();
            return ok;
        };
        int error = 0;
        X509StackPtr chain;
        bool ok = attempt(std::nullopt, error, chain);
        std::string when = "now";
        if (!ok && timeStamp && (error == X509_V_ERR_CERT_HAS_EXPIRED)) {
            ok = attempt(timeStamp, error, chain);
            when = proofTime_ && *timeStamp == *proofTime_
                       ? "at " + isoVietnamTime(*timeStamp) + ", proved by a document time-stamp"
                       : "at the time-stamp";
        }
        if (anchors_.empty()) {
            addCheck(report, "chain", "failed", "no trust anchor given (--trust CA.pem)");
        } else if (!ok) {
            addCheck(report, "chain", "failed",
                     std::string("the certificate does not chain to a trust anchor: ") +
                         X509_verify_cert_error_string(error));
        } else {
            report.trusted = true;
            addCheck(report, "chain", "passed",
                     "chains to \"" +
                         commonName(sk_X509_value(chain.get(), sk_X509_num(chain.get()) - 1)) +
                         "\", valid " + when);
        }
        checkRevocation(report, chain.get());
    }

    void checkRevocation(SignatureReport& report, STACK_OF(X509) * chain) {
        if (!chain || sk_X509_num(chain) < 2) {
            addCheck(report, "revocation", "unknown", "no chain to check revocation on");
            return;
        }
        std::vector<X509_CRL*> crls;
        for (const auto& crl : dssCrls_) {
            crls.push_back(crl.get());
        }
        for (const auto& crl : extraCrls_) {
            crls.push_back(crl.get());
        }
        const std::time_t now =
            validationTime_ ? static_cast<std::time_t>(validationTime_) : std::time(nullptr);
        bool allKnown = true;
        bool usedOcsp = false, usedCrl = false;
        std::vector<X509*> otherCertificates;
        for (const auto& cert : dssCerts_) {
            otherCertificates.push_back(cert.get());
        }
        for (int i = 0; i + 1 < sk_X509_num(chain); ++i) {
            X509* cert = sk_X509_value(chain, i);
            X509* issuer = sk_X509_value(chain, i + 1);
            bool known = false;
            // OCSP responses signed by the issuer or a responder it authorised; the nonce is
            // not required (they were fetched at signing time).
            for (const auto& der : dssOcsps_) {
                OcspStatus status;
                try {
                    status = readOcspResponse(der, cert, issuer, otherCertificates);
                } catch (const std::exception&) {
                    continue; // about another certificate, or not acceptable
                }
                if (status.state == OcspStatus::State::Revoked) {
                    addCheck(report, "revocation", "failed",
                             "the certificate of \"" + commonName(cert) +
                                 "\" is revoked (OCSP response of \"" + status.responder +
                                 "\", revoked " + isoVietnamTime(status.revocationTime) + ")");
                    return;
                }
                const bool future = status.thisUpdate > static_cast<std::int64_t>(now) + 300;
                const bool stale =
                    status.nextUpdate != 0 && status.nextUpdate < static_cast<std::int64_t>(now);
                if (status.state != OcspStatus::State::Good || future ||
                    (stale && report.level == "B-B" && !proofTime_)) {
                    continue; // unknown, not yet valid, or stale without a time-stamp
                }
                known = usedOcsp = true;
            }
            for (X509_CRL* crl : crls) {
                if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0 ||
                    X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
                    ERR_clear_error();
                    continue;
                }
                X509_REVOKED* entry = nullptr;
                if (X509_CRL_get0_by_cert(crl, &entry, cert) == 1) {
                    addCheck(report, "revocation", "failed",
                             "the certificate of \"" + commonName(cert) + "\" is revoked");
                    return;
                }
                const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl);
                if (next && X509_cmp_time(next, const_cast<std::time_t*>(&now)) < 0 &&
                    report.level == "B-B" && !proofTime_) {
                    continue; // stale, and no time-stamp to anchor it
                }
                known = usedCrl = true;
            }
            allKnown = allKnown && known;
        }
        if (allKnown) {
            const std::string kinds = usedOcsp && usedCrl ? "OCSP responses and CRLs"
                                      : usedOcsp          ? "OCSP responses"
                                                          : "CRLs";
            addCheck(report, "revocation", "passed",
                     "not revoked according to " +
                         (hasDss_ ? "the embedded " + kinds + " (/DSS)" : "the given " + kinds));
            revocationComplete_[report.index] = true;
        } else {
            addCheck(report, "revocation", "unknown",
                     "no revocation data for the whole chain (sign at B-LT to embed it, or pass "
                     "--crl)");
        }
    }

    // ---- levels ---------------------------------------------------------------------------

    void markLevels(VerifyReport& report) {
        // B-LT: revocation data for the whole chain is in /DSS; B-LTA: a valid document
        // time-stamp covers a revision after this signature's.
        int lastDocTimeStampRevision = 0;
        for (const auto& s : report.signatures) {
            if (s.kind == "document-time-stamp" && s.valid && s.trusted) {
                lastDocTimeStampRevision = std::max(lastDocTimeStampRevision, s.revision);
            }
        }
        for (auto& s : report.signatures) {
            if (!s.valid) {
                continue;
            }
            // The time point the signature is proved at: its own time-stamp (a document
            // time-stamp's is its time), else the earliest document time-stamp after it.
            // ISO 8601 texts in the same zone compare as times.
            if (!s.timeStampTime.empty() &&
                (s.kind == "document-time-stamp" ? s.trusted : s.level == "B-T")) {
                s.provedAt = s.timeStampTime; // a time-stamp that verified, authority included
            }
            for (const auto& d : report.signatures) {
                if (d.kind == "document-time-stamp" && d.valid && d.trusted &&
                    d.revision > s.revision && !d.timeStampTime.empty() &&
                    (s.provedAt.empty() || d.timeStampTime < s.provedAt)) {
                    s.provedAt = d.timeStampTime;
                }
            }
            if (s.kind != "signature") {
                continue;
            }
            if (s.subFilter == "adbe.pkcs7.detached") {
                s.level = "none (adbe.pkcs7.detached: a PDF signature, not PAdES)";
                continue;
            }
            if (s.level == "B-B" && lastDocTimeStampRevision > s.revision) {
                s.level = "B-T";
            }
            if (s.level == "B-T" && hasDss_ && revocationComplete_[s.index]) {
                s.level = "B-LT";
                if (lastDocTimeStampRevision > s.revision) {
                    s.level = "B-LTA";
                }
            }
        }
    }

    const pdf::PdfDocument& doc_;
    std::vector<pdf::RevisionMark> marks_;
    std::unique_ptr<ChangeAnalysis> changes_; ///< the revisions read for it, made when needed
    const std::vector<X509Ptr>& anchors_;
    const std::vector<X509CrlPtr>& extraCrls_;
    std::int64_t validationTime_;
    size_t last_;
    bool hasDss_ = false;
    std::vector<X509Ptr> dssCerts_;
    std::vector<X509CrlPtr> dssCrls_;
    std::vector<Bytes> dssOcsps_; ///< DER OCSPResponses from /DSS /OCSPs
    std::int64_t tstTime_ = 0;
    /// Set while a signature is judged again at the time a later document time-stamp proves.
    std::optional<std::int64_t> proofTime_;
    std::map<int, std::int64_t> docStampTimes_; ///< trusted document time-stamps: index → time
    std::map<int, bool> revocationComplete_;
    ChangePolicy policy_; ///< what the signature being analysed permits after it
};

} // namespace

SignatureVerifier::SignatureVerifier(std::vector<X509Ptr> trustAnchors,
                                     std::vector<X509CrlPtr> extraCrls)
    : anchors_(std::move(trustAnchors)), crls_(std::move(extraCrls)) {}

SignatureVerifier::~SignatureVerifier() = default;

VerifyReport SignatureVerifier::verify(std::string_view bytes) const {
    try {
        const pdf::PdfDocument document = pdf::PdfDocument::open(bytes);
        auto marks = pdf::findRevisionMarks(bytes);
        if (marks.empty()) {
            throw raw::ParseError("the file has no %%EOF marker after a startxref");
        }
        Analysis analysis(document, std::move(marks), anchors_, crls_, validationTime_);
        return analysis.run();
    } catch (const pdf::PdfError& e) {
        throw raw::ParseError(e.what());
    } catch (const QPDFExc& e) {
        throw raw::ParseError(e.getMessageDetail());
    }
}

int exitCodeFor(const VerifyReport& report) {
    return report.ok ? 0 : 1;
}

} // namespace vanthu::signing
