package krnel.runner;

/**
 * Opens a {@link Store} for the URIs of one scheme ({@code s3://...}). Modules such as
 * {@code krnel-s3} register one as a {@link java.util.ServiceLoader} service, so the core needs no
 * dependency on their clients; directories, {@code file:} and {@code memory:} are built in.
 */
public interface StoreProvider {
  /** Whether this provider opens {@code storeUri}. */
  boolean accepts(String storeUri);

  /** The store at {@code storeUri}; a one-line error with a hint when it cannot be reached. */
  Store open(String storeUri);
}
