package dev.clicksim.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, with the versions of the pipeline parts clicksim embeds. */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Clicksim.class.getPackage().getImplementationVersion();
    return new String[] {
      "clicksim " + (version == null ? "(development build)" : version),
      "Kafka "
          + org.apache.kafka.common.utils.AppInfoParser.getVersion()
          + ", Java "
          + System.getProperty("java.version"),
    };
  }
}
