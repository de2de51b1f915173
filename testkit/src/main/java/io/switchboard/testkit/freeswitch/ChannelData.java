package io.switchboard.testkit.freeswitch;

/**
 * switch_channel_event_set_basic_data for an answered inbound SIP call, with the caller profile's
 * headers (switch_caller_profile_event_set_data, prefix "Caller").
 */
final class ChannelData {
  private ChannelData() {}

  static void addBasicData(
      SimEvent event,
      String uuid,
      String channelName,
      String callerIdName,
      String callerIdNumber,
      String destination,
      String hostIp,
      long createdMicros) {
    event
        .add("Channel-State", "CS_EXECUTE")
        .add("Channel-Call-State", "ACTIVE")
        .add("Channel-State-Number", "4")
        .add("Channel-Name", channelName)
        .add("Unique-ID", uuid)
        .add("Call-Direction", "inbound")
        .add("Presence-Call-Direction", "inbound")
        .add("Channel-HIT-Dialplan", "true")
        .add("Channel-Call-UUID", uuid)
        .add("Answer-State", "answered")
        .add("Channel-Read-Codec-Name", "opus")
        .add("Channel-Read-Codec-Rate", "48000")
        .add("Channel-Read-Codec-Bit-Rate", "0")
        .add("Channel-Write-Codec-Name", "opus")
        .add("Channel-Write-Codec-Rate", "48000")
        .add("Channel-Write-Codec-Bit-Rate", "0")
        .add("Caller-Direction", "inbound")
        .add("Caller-Logical-Direction", "inbound")
        .add("Caller-Username", callerIdNumber)
        .add("Caller-Dialplan", "XML")
        .add("Caller-Caller-ID-Name", callerIdName)
        .add("Caller-Caller-ID-Number", callerIdNumber)
        .add("Caller-Orig-Caller-ID-Name", callerIdName)
        .add("Caller-Orig-Caller-ID-Number", callerIdNumber)
        .add("Caller-Network-Addr", hostIp)
        .add("Caller-ANI", callerIdNumber)
        .add("Caller-Destination-Number", destination)
        .add("Caller-Unique-ID", uuid)
        .add("Caller-Source", "mod_sofia")
        .add("Caller-Context", "public")
        .add("Caller-Channel-Name", channelName)
        .add("Caller-Profile-Index", "1")
        .add("Caller-Profile-Created-Time", Long.toString(createdMicros))
        .add("Caller-Channel-Created-Time", Long.toString(createdMicros))
        .add("Caller-Channel-Answered-Time", Long.toString(createdMicros))
        .add("Caller-Channel-Progress-Time", "0")
        .add("Caller-Channel-Progress-Media-Time", "0")
        .add("Caller-Channel-Hangup-Time", "0")
        .add("Caller-Channel-Transfer-Time", "0")
        .add("Caller-Channel-Resurrect-Time", "0")
        .add("Caller-Channel-Bridged-Time", "0")
        .add("Caller-Channel-Last-Hold", "0")
        .add("Caller-Channel-Hold-Accum", "0")
        .add("Caller-Screen-Bit", "true")
        .add("Caller-Privacy-Hide-Name", "false")
        .add("Caller-Privacy-Hide-Number", "false");
  }
}
