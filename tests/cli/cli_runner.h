// Runs the clustersim binary the way a user would, for the command-line tests: from the
// repository root (so that paths in messages are the relative ones the user typed), with
// stdout and stderr captured separately. ctest sets CLUSTERSIM_BIN and CLUSTERSIM_SOURCE_DIR
// (see clustersim_add_test in the top-level CMakeLists.txt).
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace clustersim::testing_cli {

// The value of an environment variable that ctest sets, or "" when it is missing.
inline std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

inline std::string SourceDir() { return Env("CLUSTERSIM_SOURCE_DIR"); }
inline std::string BinaryPath() { return Env("CLUSTERSIM_BIN"); }

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

struct CliResult {
  int exit_code = -1;  // the exit status, or 128 + the signal that killed the process
  std::string out;
  std::string err;
};

// A directory of its own under the system's temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clustersim-cli-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Where the command's stdout goes: captured (CliResult::out), closed, or /dev/full (every write
// fails with ENOSPC).
enum class Stdout { kCaptured, kClosed, kFull };

// Runs `$CLUSTERSIM_BIN args...` (or `bin args...`) with the working directory `cwd` (default:
// the repository root). No shell is involved, so arguments need no quoting.
inline CliResult RunCli(const std::vector<std::string>& args, std::string cwd = "",
                        Stdout stdout_to = Stdout::kCaptured, std::string bin = "") {
  if (cwd.empty()) cwd = SourceDir();
  CliResult result;
  TempDir tmp;
  if (tmp.path().empty()) return result;
  const std::string out_path = tmp.path() / "stdout";
  const std::string err_path = tmp.path() / "stderr";
  if (bin.empty()) bin = BinaryPath();
  std::vector<std::string> argv_storage;
  argv_storage.push_back(bin);
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) return result;
  if (pid == 0) {
    // The child: only async-signal-safe calls from here on.
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || chdir(cwd.c_str()) != 0 || dup2(out, 1) < 0 ||
        dup2(err, 2) < 0 || dup2(in, 0) < 0) {
      _exit(126);
    }
    if (stdout_to == Stdout::kClosed) close(1);
    if (stdout_to == Stdout::kFull) {
      const int full = open("/dev/full", O_WRONLY);
      if (full < 0 || dup2(full, 1) < 0) _exit(126);
    }
    close(out);
    close(err);
    close(in);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

// The first line of `text`, without its newline.
inline std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace clustersim::testing_cli
