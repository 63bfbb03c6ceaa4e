import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program a test runs: started with posix_spawn, waited for with waitpid on its own id.
///
/// Foundation's `Process` can miss the exit of a child and then report it running for ever,
/// which hangs a test that waits for it (and every test queued behind that one).
final class ChildProcess {
    let pid: pid_t
    private var status: Int32?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `executable` with `arguments` in `directory` (through `env -C`, so this process
    /// never changes its own directory), standard input from /dev/null, standard output to the
    /// file `output` and standard error to `error` (the same file when they are equal).
    init(_ executable: String, _ arguments: [String], directory: String, environment: [String: String],
         output: String, error: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if error == output {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        }
        let command = ["/usr/bin/env", "-C", directory, executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "could not start \(executable): \(String(cString: strerror(spawned)))") }
        self.pid = pid
    }

    /// The exit status once the program has ended (128 + the signal when a signal ended it);
    /// nil while it runs.
    var exitStatus: Int32? {
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return status
    }

    var isRunning: Bool { exitStatus == nil }

    /// Waits for the end, polling: the tests' server answers the program on this same process's
    /// threads, so none of them may block in waitpid. Ends the program (SIGKILL) and throws when
    /// it runs longer than `timeout`.
    func wait(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let exitStatus { return exitStatus }
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        _ = try? await wait(timeout: .seconds(5))
        throw Failure(description: "still running after \(timeout); killed")
    }

    /// Asks the program to stop (SIGTERM), as a service manager does.
    func terminate() {
        if isRunning { kill(pid, SIGTERM) }
    }
}
