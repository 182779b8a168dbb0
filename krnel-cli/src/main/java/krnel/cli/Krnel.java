package krnel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code krnel} command line. Subcommands print user mistakes as one {@code error:} line and a
 * {@code hint:} line and exit non-zero; a stack trace only with {@code --verbose}.
 *
 * <p>Exit codes: 0 success, 1 the command found a problem, 2 wrong usage.
 */
@Command(
    name = "krnel",
    mixinStandardHelpOptions = true,
    version = Krnel.VERSION,
    description = "Content-addressed computation graphs for interpretability research.",
    subcommands = {
      RunCommand.class, StatusCommand.class, SummaryCommand.class, PrintCommand.class, DiffCommand.class,
      VerifyCommand.class, MakeGroupCommand.class, ConfigCommand.class, ShowCommand.class, ReportCommand.class,
      ExportTableCommand.class, ExportCommand.class, ScoreCommand.class})
public final class Krnel implements Runnable {
  static final String VERSION = "krnel 0.1.0";
  /** The command found a problem (bad input, failed check). */
  static final int PROBLEM = 1;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    // autoflush: a run's progress lines appear as they happen; run() flushes what print() left
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs {@code krnel args...}, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    try {
      return commandLine().setOut(out).setErr(err).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The configured command line, printing to standard output and error. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Krnel());
    // `krnel completion > krnel.bash`, then `source krnel.bash` (bash, or zsh after `autoload bashcompinit && bashcompinit`)
    commandLine.addSubcommand("completion", new AutoComplete.GenerateCompletion());
    commandLine.getSubcommands().get("completion").getCommandSpec().usageMessage()
        .description("Print a bash/zsh completion script for krnel: source <(bin/krnel completion)");
    return commandLine
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Krnel::failed);
  }

  /** {@code krnel} alone: say that a command is needed. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /**
   * A user mistake ({@link CliException}: its message and hint) or a bug (anything else); no stack
   * trace unless asked for.
   */
  private static int failed(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    boolean verbose = verbose(parsed);
    if (e instanceof CliException) {
      err.println("error: " + e.getMessage());
      err.println("hint: " + ((CliException) e).hint());
    } else if (e instanceof UncheckedIOException && e.getCause() != null) {
      // a store or file that failed while the command ran (e.g. the network went): its message says why
      err.println("error: " + e.getCause().getMessage());
      err.println("hint: reading or writing failed for the reason above, not a bug in krnel; rerun with --verbose for"
          + " the stack trace");
    } else {
      err.println("error: " + e);
      if (!verbose) {
        err.println("hint: this looks like a bug in krnel; rerun with --verbose for the stack trace and report it");
      }
    }
    if (verbose) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    }
    err.flush();
    return PROBLEM;
  }

  private static boolean verbose(ParseResult parsed) {
    for (CommandLine command : parsed.asCommandLineList()) {
      if (command.getParseResult().hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
