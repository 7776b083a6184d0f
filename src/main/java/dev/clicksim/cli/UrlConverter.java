package dev.clicksim.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a REST service's URL on the command line: http or https with a host, so that a forgotten
 * scheme ({@code 127.0.0.1:8083}) is named here rather than as an HTTP client's error later.
 */
public final class UrlConverter implements ITypeConverter<URI> {

  @Override
  public URI convert(String value) {
    URI url;
    try {
      url = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw notAUrl(value);
    }
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      throw notAUrl(value);
    }
    return url;
  }

  private static TypeConversionException notAUrl(String value) {
    return new TypeConversionException(
        "'" + value + "' is not an http(s) URL with a host, such as http://127.0.0.1:8083");
  }
}
