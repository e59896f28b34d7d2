#ifdef VANTHU_HAVE_DOCMGMT
#include "cli/PasswordPrompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/Command.hpp"

namespace vanthu::cli {

namespace {

/// Echo off on the terminal while it lives.
class HiddenInput {
public:
    HiddenInput() : active_(::tcgetattr(STDIN_FILENO, &saved_) == 0) {
        if (active_) {
            termios quiet = saved_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    ~HiddenInput() {
        if (active_) {
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
        }
    }
    HiddenInput(const HiddenInput&) = delete;
    HiddenInput& operator=(const HiddenInput&) = delete;

private:
    termios saved_{};
    bool active_;
};

std::string line() {
    std::string text;
    std::getline(std::cin, text);
    if (!text.empty() && text.back() == '\r') {
        text.pop_back();
    }
    return text;
}

} // namespace

std::string readNewPassword(const std::string& who) {
    std::string password;
    if (::isatty(STDIN_FILENO) == 1) {
        HiddenInput hidden;
        std::cerr << "Mật khẩu cho " << who << ": " << std::flush;
        password = line();
        std::cerr << "\nNhập lại mật khẩu: " << std::flush;
        const std::string again = line();
        std::cerr << "\n";
        if (again != password) {
            throw UsageError("hai lần nhập mật khẩu không giống nhau");
        }
    } else {
        password = line();
    }
    if (password.empty()) {
        throw UsageError("chưa có mật khẩu cho " + who +
                         " (nhập trên dòng đầu của đầu vào chuẩn, hoặc gõ khi được hỏi)");
    }
    return password;
}

} // namespace vanthu::cli
#endif
