package krnel.runner;

import java.net.InetAddress;

/** Who computes: this process's id and its machine's name, recorded in running statuses and temporary names. */
final class ThisProcess {
  static final long PID = ProcessHandle.current().pid();
  static final String HOST = hostName();

  private ThisProcess() {}

  private static String hostName() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      name = System.getenv("HOSTNAME");
    }
    // safe in a file name, and in the temporaries' "<pid>@<host>." pattern
    return name == null || name.isBlank() ? "unknown" : name.replaceAll("[^A-Za-z0-9.-]", "_");
  }

  /** Whether {@code pid}@{@code host} names a process that is alive: false only when sure it is gone. */
  static boolean mayBeAlive(long pid, String host) {
    return !HOST.equals(host) || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
