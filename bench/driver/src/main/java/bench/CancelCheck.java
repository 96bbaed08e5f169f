package bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/**
 * Diagnostic: does a poll abandoned by the driver's HTTP client (as the fault runs do)
 * end as "cancelled" at the gateway? Args: gateway URL, management URL.
 */
public final class CancelCheck {

	private CancelCheck() {
	}

	public static void main(String[] args) {
		try (Http http = new Http("check", 100, null)) {
			for (int i = 0; i < 6; i++) {
				String group = "cancel-check-" + System.nanoTime();
				AtomicBoolean responding = new AtomicBoolean();
				AtomicBoolean answered = new AtomicBoolean();
				http.poll(args[0], group, 3, responding)
					.takeUntilOther(Mono.delay(Duration.ofMillis(1000)))
					.subscribe((a) -> answered.set(true));
				Procs.sleep(4500);
				StringBuilder outcomes = new StringBuilder();
				for (Http.Sample s : http.prometheus(args[1], "worker_gateway_poll_wait_seconds_count")) {
					if (group.equals(s.label("worker_group"))) {
						outcomes.append(s.label("outcome")).append('=').append(s.value()).append(' ');
					}
				}
				System.out.println("abandoned at 1 s of a 3 s wait: answered=" + answered.get() + "; gateway outcome: "
						+ outcomes);
			}
		}
		System.exit(0);
	}

}
