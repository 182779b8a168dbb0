package krnel.runner;

import java.util.Locale;

/** Where an op stands in a store; written in lower case in {@code status.json}, as the reference does. */
public enum OpState {
  /** Known to the store, never run. */
  NEW,
  /** Planned in a run that has not reached it yet. */
  PENDING,
  /** Being computed now (by this or another process). */
  RUNNING,
  /** Its result is stored. */
  COMPLETED,
  /** Its last run threw; the status holds the error. */
  FAILED,
  /** Cheap op: results live in memory only and are recomputed in every process. */
  EPHEMERAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OpState fromWire(String value) {
    for (OpState state : values()) {
      if (state.wireName().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown op state \"" + value + "\"; expected one of new, pending, running,"
        + " completed, failed, ephemeral");
  }
}
