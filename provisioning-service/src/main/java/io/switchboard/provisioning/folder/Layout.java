package io.switchboard.provisioning.folder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which files of the configuration folder this service manages, in FreeSWITCH's own layout: one
 * file per user in {@code directory/<context>/} and one per conference extension in {@code
 * dialplan/<context>/}, as FreeSWITCH's vanilla configuration keeps {@code
 * directory/default/*.xml}. The files that include those folders ({@code directory/<context>.xml}
 * with its {@code <domain>}, {@code dialplan/<context>.xml} with its {@code <context>}) need {@code
 * X-PRE-PROCESS include}, which no gateway writes: they belong to each node's installed
 * configuration.
 */
public record Layout(String directory, String dialplan, Set<String> contexts) {
  public Layout {
    contexts = Set.copyOf(contexts);
  }

  /** The managed folders, relative to the configuration folder. */
  public List<String> folders() {
    List<String> folders = new ArrayList<>();
    for (String context : contexts.stream().sorted().toList()) {
      folders.add(usersOf(context));
      folders.add(conferencesOf(context));
    }
    return folders;
  }

  public String usersOf(String context) {
    return directory + "/" + context;
  }

  public String conferencesOf(String context) {
    return dialplan + "/" + context;
  }

  public String userFile(String context, String id) {
    return usersOf(context) + "/" + id + ".xml";
  }

  public String conferenceFile(String context, String number) {
    return conferencesOf(context) + "/" + number + ".xml";
  }
}
