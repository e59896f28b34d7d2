#pragma once
// What `vanthu init` and `vanthu admin` share: the exit codes of administration and the parsing
// of a few option values.
#include <functional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::cli {

/// Runs work and turns administration's errors into one Vietnamese line on stderr: exit 2 for
/// a bad value (docmgmt::InvalidInput, an unusable data folder), 1 for a change the records
/// refuse (docmgmt::Conflict, docmgmt::NotFound). UsageError passes through (exit 2).
int withAdminErrors(const std::function<int()>& work);

/// "state" or "party"; UsageError otherwise.
docmgmt::OfficeSystem officeSystemOption(const std::string& text);
/// clerk, specialist, leader, administrator (or văn thư, chuyên viên, lãnh đạo, quản trị).
docmgmt::Role roleOption(const std::string& text);

/// vanthu admin seal import|show, leader-cert add|remove|show, trust add|remove|list
/// (AdminKeysCommand.cpp); args after the action.
int sealCommand(const std::string& action, const std::vector<std::string>& args);
int leaderCertCommand(const std::string& action, const std::vector<std::string>& args);
int trustCommand(const std::string& action, const std::vector<std::string>& args);
/// vanthu admin secret-key replace (AdminKeysCommand.cpp).
int secretKeyCommand(const std::string& action, const std::vector<std::string>& args);
/// vanthu admin peers list|add|edit|remove (AdminKeysCommand.cpp).
int peersCommand(const std::string& action, const std::vector<std::string>& args);
/// vanthu admin axis waiting|units|register|unregister (AdminKeysCommand.cpp).
int axisCommand(const std::string& action, const std::vector<std::string>& args);

} // namespace vanthu::cli
