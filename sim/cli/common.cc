#include "cli/common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

namespace clustersim::cli {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void PrintErrorCount(int errors, const std::string& file) {
  std::cerr << errors << " error" << (errors == 1 ? "" : "s") << " in " << file << "\n";
}

std::optional<Scenario> Load(const Common& c, const std::vector<Override>& extra, bool errors_only,
                             int* error_count) {
  std::vector<Override> all = extra;
  all.insert(all.end(), c.overrides.begin(), c.overrides.end());
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioFile(c.scenario, all, &diags, c.limits);
  if (c.strict) diags.PromoteWarnings();
  for (const Diagnostic& d : diags.all()) {
    // Notes (objects accepted and not modelled) only matter once the file loads.
    if (d.severity == Diagnostic::Severity::kNote && diags.has_errors()) continue;
    if (!errors_only || d.severity == Diagnostic::Severity::kError) {
      std::cerr << d.ToString() << "\n";
    }
  }
  if (diags.dropped() > 0) {
    std::cerr << "... and " << diags.dropped() << " more error" << (diags.dropped() == 1 ? "" : "s")
              << " (only the first " << Diagnostics::kMaxKept << " are shown)\n";
  }
  if (diags.has_errors()) {
    if (error_count != nullptr) {
      *error_count += diags.error_count();
    } else {
      PrintErrorCount(diags.error_count(), c.scenario);
    }
    return std::nullopt;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Output

namespace {

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

// The descriptor a name of a standard stream or of /dev/fd/N stands for, or -1.
int DescriptorOf(const std::string& path) {
  if (path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::string p = prefix;
    if (path.size() > p.size() && path.size() <= p.size() + 6 &&
        path.compare(0, p.size(), p) == 0 &&
        path.find_first_not_of("0123456789", p.size()) == std::string::npos) {
      return std::stoi(path.substr(p.size()));
    }
  }
  return -1;
}

// What an output path names, its symbolic links followed.
struct OutputTarget {
  enum class Kind { kDescriptor, kNew, kRegular, kSpecial };
  Kind kind = Kind::kNew;
  std::string path;   // the file to write (a link's target)
  int fd = -1;        // kDescriptor
  struct stat st {};  // kRegular, kSpecial, kDescriptor
};

bool Resolve(const std::string& path, OutputTarget* t, std::string* why) {
  std::string p = path.empty() ? "/dev/stdout" : path;
  const std::string shown = path.empty() ? "standard output" : Quoted(path);
  for (int hops = 0;; ++hops) {
    const int fd = DescriptorOf(p);
    if (fd >= 0) {
      t->kind = OutputTarget::Kind::kDescriptor;
      t->fd = fd;
      if (fstat(fd, &t->st) != 0) {
        *why = "cannot write " + shown + ": " + std::strerror(errno);
        return false;
      }
      return true;
    }
    if (lstat(p.c_str(), &t->st) != 0) {
      if (errno != ENOENT) {
        *why = "cannot write " + shown + ": " + std::strerror(errno);
        return false;
      }
      t->kind = OutputTarget::Kind::kNew;
      t->path = p;
      return true;
    }
    if (S_ISLNK(t->st.st_mode)) {
      if (hops >= 40) {
        *why = "cannot write " + shown + ": " + std::strerror(ELOOP);
        return false;
      }
      std::string target(4096, '\0');
      const ssize_t n = readlink(p.c_str(), target.data(), target.size());
      if (n < 0 || static_cast<size_t>(n) >= target.size()) {
        *why = "cannot write " + shown + ": " + std::strerror(n < 0 ? errno : ENAMETOOLONG);
        return false;
      }
      target.resize(static_cast<size_t>(n));
      if (target.empty() || target[0] != '/') {
        const size_t slash = p.find_last_of('/');
        if (slash != std::string::npos) target = p.substr(0, slash + 1) + target;
      }
      p = target;
      continue;
    }
    if (S_ISDIR(t->st.st_mode)) {
      *why = "cannot write " + shown + ": it is a directory (expected the name of a file)";
      return false;
    }
    t->kind = S_ISREG(t->st.st_mode) ? OutputTarget::Kind::kRegular : OutputTarget::Kind::kSpecial;
    t->path = p;
    return true;
  }
}

// A new file can be made in the directory of `file`.
bool DirectoryWritable(const std::string& file, const std::string& shown, std::string* why) {
  const size_t slash = file.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : file.substr(0, slash);
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0) {
    *why = "cannot write " + shown + ": its directory " + Quoted(dir) + " " +
           (errno == ENOENT ? std::string("does not exist") : std::strerror(errno));
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    *why = "cannot write " + shown + ": " + Quoted(dir) + " is not a directory";
    return false;
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    *why = "cannot write " + shown + ": cannot create a file in " + Quoted(dir) + ": " +
           std::strerror(errno);
    return false;
  }
  return true;
}

mode_t NewFileMode() {
  // The process umask, read by setting it (there is no getter); outputs are written after the
  // worker threads have ended, and nothing else creates files meanwhile.
  const mode_t mask = umask(022);
  umask(mask);
  return 0666 & ~mask;
}

bool Fail(std::string* why, const std::string& text) {
  *why = text;
  return false;
}

// Runs `write` into `fd`; false with `why` naming `shown` on a write error.
bool WriteTo(int fd, const std::string& shown, const std::function<bool(OutputSink&)>& write,
             std::string* why, bool* abandoned) {
  OutputSink sink(fd);
  *abandoned = !write(sink);
  sink.Flush();
  if (!sink.ok()) return Fail(why, "cannot write " + shown + ": " + std::strerror(sink.error()));
  return true;
}

}  // namespace

bool OutputSink::Write(std::string_view bytes) {
  if (error_ != 0) return false;
  buffer_.append(bytes);
  if (buffer_.size() >= (1 << 16)) return Flush();
  return true;
}

bool OutputSink::Flush() {
  size_t off = 0;
  while (error_ == 0 && off < buffer_.size()) {
    const ssize_t n = write(fd_, buffer_.data() + off, buffer_.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : EIO;
      break;
    }
    off += static_cast<size_t>(n);
  }
  buffer_.clear();
  return error_ == 0;
}

bool WriteOutput(const std::string& path, const std::function<bool(OutputSink&)>& write,
                 std::string* why) {
  const std::string shown = path.empty() ? "standard output" : Quoted(path);
  OutputTarget t;
  if (!Resolve(path, &t, why)) return false;
  bool abandoned = false;
  if (t.kind == OutputTarget::Kind::kDescriptor) {
    if (!WriteTo(t.fd, shown, write, why, &abandoned)) return false;
    return !abandoned || Fail(why, why->empty() ? "the output was abandoned" : *why);
  }
  if (t.kind == OutputTarget::Kind::kSpecial) {
    // A device, a pipe or a terminal: written to, never replaced.
    const int fd = open(t.path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return Fail(why, "cannot write " + shown + ": " + std::strerror(errno));
    const bool ok = WriteTo(fd, shown, write, why, &abandoned);
    if (close(fd) != 0 && ok) {
      return Fail(why, "cannot write " + shown + ": " + std::strerror(errno));
    }
    if (!ok) return false;
    return !abandoned || Fail(why, why->empty() ? "the output was abandoned" : *why);
  }
  // A new file or a regular one: a temporary file beside it, then a rename over it.
  if (!DirectoryWritable(t.path, shown, why)) return false;
  if (t.kind == OutputTarget::Kind::kRegular && access(t.path.c_str(), W_OK) != 0) {
    return Fail(why, "cannot write " + shown + ": " + std::strerror(errno));
  }
  std::string tmp = t.path + ".tmp.XXXXXX";
  const int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) {
    return Fail(why, "cannot write " + shown +
                         ": cannot create a temporary file beside it: " + std::strerror(errno));
  }
  const mode_t mode =
      t.kind == OutputTarget::Kind::kRegular ? (t.st.st_mode & 07777) : NewFileMode();
  bool ok = fchmod(fd, mode) == 0;
  if (!ok) *why = "cannot write " + shown + ": " + std::strerror(errno);
  if (ok && t.kind == OutputTarget::Kind::kRegular && geteuid() == 0) {
    // Root replacing someone's file keeps it theirs; a failure here changes nothing else.
    if (fchown(fd, t.st.st_uid, t.st.st_gid) != 0) {
    }
  }
  ok = ok && WriteTo(fd, shown, write, why, &abandoned);
  if (ok && !abandoned && fsync(fd) != 0) {
    ok = Fail(why, "cannot write " + shown + ": " + std::strerror(errno));
  }
  if (close(fd) != 0 && ok) ok = Fail(why, "cannot write " + shown + ": " + std::strerror(errno));
  if (!ok || abandoned) {
    unlink(tmp.c_str());
    return ok ? Fail(why, why->empty() ? "the output was abandoned" : *why) : false;
  }
  if (rename(tmp.c_str(), t.path.c_str()) != 0) {
    const int e = errno;
    unlink(tmp.c_str());
    return Fail(why, "cannot write " + shown + ": cannot replace it: " + std::strerror(e));
  }
  // The rename itself reaches the disk with the directory (best effort: some file systems
  // cannot sync a directory).
  const size_t slash = t.path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : t.path.substr(0, slash);
  const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    if (fsync(dfd) != 0) {
    }
    close(dfd);
  }
  return true;
}

bool WriteOutput(const std::string& path, std::string_view bytes, std::string* why) {
  return WriteOutput(
      path, [&](OutputSink& sink) { return sink.Write(bytes); }, why);
}

bool WriteAtomically(const std::string& path, const std::string& text, std::string* why) {
  return WriteOutput(path, std::string_view(text), why);
}

bool CheckOutputPath(const std::string& path, const std::vector<std::string>& inputs,
                     std::string* why) {
  if (path.empty()) return true;
  const std::string shown = Quoted(path);
  OutputTarget t;
  if (!Resolve(path, &t, why)) return false;
  if (t.kind != OutputTarget::Kind::kNew) {
    for (const std::string& input : inputs) {
      struct stat in {};
      if (stat(input.c_str(), &in) == 0 && in.st_dev == t.st.st_dev && in.st_ino == t.st.st_ino) {
        return Fail(why, "the output " + shown + " is the input file " + Quoted(input) +
                             ", which writing it would destroy; expected another output file");
      }
    }
  }
  switch (t.kind) {
    case OutputTarget::Kind::kDescriptor:
      return true;
    case OutputTarget::Kind::kSpecial:
      if (access(t.path.c_str(), W_OK) != 0) {
        return Fail(why, "cannot write " + shown + ": " + std::strerror(errno));
      }
      return true;
    case OutputTarget::Kind::kRegular:
      if (access(t.path.c_str(), W_OK) != 0) {
        return Fail(why, "cannot write " + shown + ": " + std::strerror(errno));
      }
      return DirectoryWritable(t.path, shown, why);
    case OutputTarget::Kind::kNew:
      return DirectoryWritable(t.path, shown, why);
  }
  return true;
}

int Emit(const std::string& text, const std::string& output) {
  std::string why;
  if (!WriteOutput(output, std::string_view(text), &why)) {
    std::cerr << "clustersim: error: " << why << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

void ReserveStandardDescriptors() {
  // A closed standard descriptor would be reused by the next file opened, and the report would
  // be written into it. Each is held by /dev/null instead; a closed stdout held read-only, so
  // that writing the report fails (EBADF) and says so.
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int held = open("/dev/null", fd == STDERR_FILENO ? O_WRONLY : O_RDONLY);
    if (held >= 0 && held != fd) {
      dup2(held, fd);
      close(held);
    }
  }
}

Progress::Progress(bool forced)
    : tty_(isatty(STDERR_FILENO) != 0), forced_(forced), start_(Now()), last_(start_) {}

void Progress::Show(const std::string& text) {
  const double now = Now();
  if (tty_) {
    if (now - start_ < 1.0 || now - last_ < 0.2) return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "\r%-70s", text.c_str());
  } else {
    if (!forced_ || (shown_ && now - last_ < 10.0)) return;
    last_ = now;
    shown_ = true;
    const size_t first = text.find_first_not_of(' ');
    std::fprintf(stderr, "clustersim: progress: %s\n",
                 first == std::string::npos ? "" : text.c_str() + first);
  }
  std::fflush(stderr);
}

void Progress::Clear() {
  if (!shown_ || !tty_) return;
  std::fprintf(stderr, "\r%70s\r", "");
  std::fflush(stderr);
  shown_ = false;
}

std::string Progress::Text(const RunProgress& p) {
  char buf[128];
  std::snprintf(buf, sizeof buf,
                "  %.1f%% of the simulated time (%d of %d replication%s done, %.0f s)",
                100 * p.fraction, p.done, p.total, p.total == 1 ? "" : "s", p.seconds);
  return buf;
}

bool WithinEventBudget(const Scenario& scenario, uint64_t max_events, const std::string& what) {
  const std::string problem = EventBudgetProblem(scenario, max_events);
  if (problem.empty()) return true;
  std::cerr << scenario.path << ": error: " << (what.empty() ? "" : what + ": ") << problem << "\n";
  return false;
}

std::string OverrideText(const Override& o) { return o.path + "=" + o.value; }

}  // namespace clustersim::cli
