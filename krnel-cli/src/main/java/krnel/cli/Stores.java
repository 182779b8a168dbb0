package krnel.cli;

import krnel.runner.Runner;

/** Store checks that commands make before they write, so that a store that cannot be written is one error. */
final class Stores {
  private Stores() {}

  /** Fails with one error naming the store and the fix if commands that write cannot: {@code effect} says what was not done. */
  static void checkWritable(Runner runner, String effect) {
    try {
      runner.checkStoreWritable();
    } catch (IllegalStateException e) {
      throw new CliException(e.getMessage(), effect + "; give a writable directory with --store DIR (or KRNEL_STORE_URI),"
          + " or make this one writable", e);
    }
  }
}
