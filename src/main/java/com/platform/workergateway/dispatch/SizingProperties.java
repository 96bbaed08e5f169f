package com.platform.workergateway.dispatch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the start-up check that {@code worker-gateway.dispatch.max-waiters} fits the heap
 * assumes (docs/deploy.md, "Sizing"). The defaults are measured (docs/benchmarks.md, "Max
 * waiters at the chart's defaults"); update them when a change makes a waiting worker
 * cheaper or dearer.
 *
 * @param heapPerWaiter heap one waiting worker holds (live objects after a full GC: 31 to
 * 40 KB measured)
 * @param reservedHeap heap kept for everything but waiting workers (an idle gateway holds
 * about 29 MB after a full GC; the rest is room for tasks and reports in flight)
 * @param headroomPercent head-room on the waiting workers' heap, at least 25 %
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.sizing", ignoreUnknownFields = false)
public record SizingProperties(@DefaultValue("40KB") DataSize heapPerWaiter,
		@DefaultValue("64MB") DataSize reservedHeap, @DefaultValue("25") @Min(25) @Max(300) int headroomPercent) {

}
