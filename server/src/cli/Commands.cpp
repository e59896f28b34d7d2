#include "cli/Command.hpp"

namespace vanthu::cli {

std::span<const Command> commands() {
    static const Command table[] = {
        {"render",
         "render INPUT.json -o OUTPUT.pdf [--body FILE.docx|FILE.odt] | render --list-types",
         runRender},
#ifdef VANTHU_HAVE_SIGNING
        {"pki", "pki demo DIR [--password PW] [--ecdsa]", runPki},
        {"sign",
         "sign IN.pdf -o OUT.pdf --p12 KEY.p12 [--role signer|seal] [--level B-B|B-T|B-LT|B-LTA] "
         "... | sign prepare|complete ...",
         runSign},
        {"verify", "verify IN.pdf [--trust CA.pem]... [--json]", runVerify},
        {"tsa", "tsa serve --port N --p12 TSA.p12 [--password-file F]", runTsa},
        {"agent",
         "agent --server-origin https://HOST --pkcs11-module MODULE.so --pin-command CMD "
         "[--listen 127.0.0.1:8765]",
         runAgent},
#endif
#ifdef VANTHU_HAVE_DOCMGMT
        {"init",
         "init --data DIR --office-code 000.00.00.H41 --office-name NAME --issuer-code ABBR "
         "--place PLACE --admin USERNAME (password on stdin or asked)",
         runInit},
        {"serve",
         "serve [--config FILE] [--data DIR] [--listen HOST:PORT] [--demo] [--tls-cert FILE "
         "--tls-key FILE] [--web DIR]",
         runServe},
        {"admin",
         "admin office add|edit|dissolve|list ... | admin user "
         "add|edit|move|deactivate|activate|reset-password|list ... | admin seal import|show ... | "
         "admin leader-cert add|remove|show ... | admin trust add|remove|list ... --data DIR",
         runAdmin},
        {"audit", "audit verify --data DIR", runAudit},
        {"search", "search reindex --data DIR", runSearch},
        {"archive",
         "archive export --data DIR --file CODE [--office CODE] [--year YYYY] -o PKG.zip | "
         "archive verify PKG [--trust CA.pem]...",
         runArchive},
        {"import",
         "import --data DIR --office CODE --csv METADATA.csv [--report FILE] [--user NAME] FOLDER",
         runImport},
        {"backup", "backup --data DIR -o FILE", runBackup},
        {"restore", "restore FILE --data NEWDIR", runRestore},
        {"migrate", "migrate --from DIR --to CONNINFO", runMigrate},
        {"exchange", "exchange inspect FILE.edxml [--json]", runExchange},
#endif
    };
    return table;
}

} // namespace vanthu::cli
