package clinic.content.packet;

import clinic.content.library.EducationItem;
import java.util.List;

/** A packet with the pinned item versions it was assembled from, in reading order. */
record AssignedPacket(Packet packet, List<EducationItem> items) {}
