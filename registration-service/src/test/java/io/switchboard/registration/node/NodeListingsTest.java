package io.switchboard.registration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The listings as mod_conference and mod_sofia print them. */
class NodeListingsTest {
  @Test
  void conferenceListGivesTheRoomsOfItsHeaderLinesOnly() {
    String reply =
        "+OK Conference 71234 (2 members rate: 48000 flags: running|answered|enter_sound|dynamic|exit_sound)\n"
            + "1;sofia/external/1001@10.0.0.1;uuid;Alice;1001;hear|speak;0;0;300\n"
            + "+OK Conference echo (1 member rate: 16000 locked flags: running|dynamic)\n";
    assertEquals(Set.of("71234", "echo"), NodeListings.conferences(reply));
    assertEquals(Set.of(), NodeListings.conferences("+OK No active conferences.\n"));
  }

  /** mod_sofia.c cmd_status: "%25s\t%32s\t%s\t%9s..." per gateway, with a header and a count. */
  @Test
  void sofiaStatusGatewayGivesEachGatewaysState() {
    String reply =
        "    Profile::Gateway-Name\t    Data    \tState\tPing Time\tIB Calls(F/T)\tOB Calls(F/T)\n"
            + "=================================================================================================\n"
            + "     external::conf_71234\tsip:1700000000:71234@127.0.0.1:5070\tREGED\t  0.00\t0/0\t0/0\n"
            + "external-ipv6::conf_71235\t   sip:1:71235@[::1]:5060\tFAIL_WAIT\t  0.00\t0/0\t0/0 (retry: 29s)\n"
            + "=================================================================================================\n"
            + "2 gateways: Inbound(Failed/Total): 0/0,Outbound(Failed/Total):0/0\n";
    Map<String, String> states = NodeListings.gateways(reply);
    assertEquals("REGED", states.get("conf_71234"));
    assertEquals("FAIL_WAIT", states.get("conf_71235"));
    assertEquals(
        Map.of("conf_71234", 1700000000L, "conf_71235", 1L),
        NodeListings.credentialExpiries(reply));
  }
}
