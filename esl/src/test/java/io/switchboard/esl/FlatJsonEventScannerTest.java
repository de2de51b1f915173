package io.switchboard.esl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written scanner against Jackson as an independent reading of the same JSON. */
class FlatJsonEventScannerTest {
  private static EslEvent scan(String json) throws EslProtocolException {
    return new FlatJsonEventScanner(new HeaderNameCache(), new RepeatDetector())
        .scan(json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Event-Name\":\"CUSTOM\",\"Quote\":\"say \\\"hi\\\"\",\"Slash\":\"a\\\\b\\/c\"}",
        "{\"Ctl\":\"l1\\nl2\\r\\n\\tx\\b\\f\",\"Acc\":\"\\u00e9t\\u00E9 \\u20ac\",\"Raw\":\"Zoë Müller €\"}",
        "{\"Emoji\":\"\\ud83d\\ude00 ok\",\"Empty\":\"\"}",
        " { \"Spaced\" : \"v\" , \"N\" : 12.5e3 , \"T\" : true , \"Z\" : null , \"I\" : -7 } ",
        "{}"
      })
  void agreesWithJackson(String json) throws Exception {
    EslEvent event = scan(json);
    JsonNode tree = new ObjectMapper().readTree(json);
    Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
    int i = 0;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      assertEquals(field.getKey(), event.headerName(i));
      String expected = field.getValue().isNull() ? "null" : field.getValue().asText();
      if (field.getValue().isNumber()) {
        expected =
            json.substring(json.indexOf(':', json.indexOf("\"" + field.getKey() + "\"")) + 1)
                .trim()
                .split("[ ,}]")[0];
      }
      assertEquals(expected, event.headerValue(i), field.getKey());
      i++;
    }
    assertEquals(i, event.headerCount());
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacter() throws Exception {
    // It has no UTF-8 form, and every value ends up as UTF-8 on Kafka.
    assertEquals("x\uFFFDy", scan("{\"Lone\":\"x\\ud800y\"}").header("Lone"));
  }

  @Test
  void bodyAndContentLengthAreNotHeaders() throws Exception {
    EslEvent event =
        scan("{\"Event-Name\":\"BACKGROUND_JOB\",\"Content-Length\":\"4\",\"_body\":\"+OK\\n\"}");
    assertEquals(1, event.headerCount());
    assertEquals("+OK\n", event.body());
    assertNull(event.header("Content-Length"));
  }

  @Test
  void arraysKeepEveryItem() throws Exception {
    EslEvent event = scan("{\"L\":[\"a\",\"b\\\"c\",\"\"],\"E\":[]}");
    assertEquals("ARRAY::a|:b\"c|:", event.header("L"));
    assertEquals("ARRAY::", event.header("E"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":\"b\"",
        "{\"a\":\"b\",}",
        "{\"a\":{\"b\":\"c\"}}",
        "{\"a\":[[\"x\"]]}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"tab\there\"}",
        "{\"a\":\"b\"} x",
        "{\"a\":tru}",
        "{\"a\":01}",
        "{\"a\" \"b\"}",
        "{\"a\":\"b\";\"c\":\"d\"}"
      })
  void rejectsWhatIsNotAFlatObject(String json) {
    assertThrows(EslProtocolException.class, () -> scan(json));
  }
}
