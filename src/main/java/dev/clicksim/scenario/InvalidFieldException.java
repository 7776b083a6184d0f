package dev.clicksim.scenario;

/**
 * A value of the scenario model that its constructor refuses, e.g. {@code weight: must be > 0, was
 * -1.0}. The path is relative to the value being constructed ({@code weight}, {@code
 * campaigns[1].id}, or empty for the value itself); the loader puts the path of that value in
 * front, and the file and line around it.
 */
public class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;

  public InvalidFieldException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  /**
   * Where, relative to the value constructed: field names joined by dots, list indices in brackets.
   */
  public String path() {
    return path;
  }

  /** What is wrong, e.g. {@code must be > 0, was -1.0}. */
  public String problem() {
    return problem;
  }
}
