package dev.cogwheel.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * The JSON log format: one object per line, {@code timestamp} (ISO-8601, UTC), {@code level},
 * {@code logger}, {@code thread}, {@code event} (the event name the message starts with, when it
 * does), {@code message}, {@code fields} (the message's {@code key=value} pairs after the event name
 * and the event's SLF4J key/value pairs), {@code mdc}, and {@code exception} (the throwable with its
 * causes, suppressed exceptions and frames, as one string).
 *
 * <p>Every string is passed through {@link Redactor#redact(String)} before it is escaped into JSON,
 * so a secret is matched in the form it was logged in (JSON escaping could otherwise hide it from a
 * pattern), and the event name and fields are read from the redacted message. Like
 * {@link RedactingEncoder}, this sits where every logger's events become bytes; see there why that
 * leaves no path around the redaction.
 *
 * <p>Thread-safe once started.
 */
public final class JsonEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] NO_BYTES = new byte[0];

  private final JsonFactory json = JsonFactory.builder().build();

  /** Creates the encoder; Logback's configurators call this. */
  public JsonEncoder() {}

  @Override
  public byte[] headerBytes() {
    return NO_BYTES;
  }

  @Override
  public byte[] footerBytes() {
    return NO_BYTES;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String message = Redactor.redact(event.getFormattedMessage());
    EventMessage parsed = EventMessage.parse(message);
    Map<String, String> fields = new LinkedHashMap<>(parsed.fields());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        fields.put(Redactor.redact(pair.key), Redactor.redact(String.valueOf(pair.value)));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = json.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("timestamp", event.getInstant().toString());
      generator.writeStringField("level", event.getLevel().toString());
      generator.writeStringField("logger", Redactor.redact(event.getLoggerName()));
      generator.writeStringField("thread", Redactor.redact(event.getThreadName()));
      if (parsed.event().isPresent()) {
        generator.writeStringField("event", parsed.event().get());
      }
      generator.writeStringField("message", message);
      writeObject(generator, "fields", fields);
      Map<String, String> mdc = new TreeMap<>();
      if (event.getMDCPropertyMap() != null) {
        event.getMDCPropertyMap().forEach((key, value) -> mdc.put(Redactor.redact(key), Redactor.redact(value)));
      }
      writeObject(generator, "mdc", mdc);
      IThrowableProxy throwable = event.getThrowableProxy();
      if (throwable != null) {
        generator.writeStringField("exception", Redactor.redact(ThrowableProxyUtil.asString(throwable)));
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a log event could not be written as JSON", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeObject(JsonGenerator generator, String name, Map<String, String> values) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    generator.writeObjectFieldStart(name);
    for (Map.Entry<String, String> entry : values.entrySet()) {
      generator.writeStringField(entry.getKey(), entry.getValue());
    }
    generator.writeEndObject();
  }
}
