package dev.fleetops.handlers.decommission;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.handlers.Api;

/** What a cleanup uses: the recorded AWS calls, the Cloud, and recorded HTTP calls to other systems. */
record CleanupContext(Api api, Cloud cloud, HttpCalls http) { }
