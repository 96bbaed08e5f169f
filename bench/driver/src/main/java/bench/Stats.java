package bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Small statistics helpers. */
final class Stats {

	private Stats() {
	}

	static Histogram histogram() {
		// 1 µs to 10 min, 3 significant digits; values recorded in microseconds.
		return new ConcurrentHistogram(1, 600_000_000L, 3);
	}

	static double ms(Histogram histogram, double percentile) {
		return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.removeIf((v) -> v == null || v.isNaN());
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	static double percentile(List<Long> sortedValues, double p) {
		if (sortedValues.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(sortedValues.size() * p / 100.0) - 1;
		return sortedValues.get(Math.max(0, Math.min(index, sortedValues.size() - 1)));
	}

	/** Least-squares slope of y over x. */
	static double slope(List<Double> x, List<Double> y) {
		int n = x.size();
		if (n < 2) {
			return Double.NaN;
		}
		double mx = x.stream().mapToDouble(Double::doubleValue).average().orElse(0);
		double my = y.stream().mapToDouble(Double::doubleValue).average().orElse(0);
		double num = 0;
		double den = 0;
		for (int i = 0; i < n; i++) {
			num += (x.get(i) - mx) * (y.get(i) - my);
			den += (x.get(i) - mx) * (x.get(i) - mx);
		}
		return (den == 0) ? Double.NaN : num / den;
	}

	static String f(double value, int decimals) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

	static String runs(List<Double> values, int decimals) {
		List<String> parts = new ArrayList<>();
		values.forEach((v) -> parts.add(f(v, decimals)));
		return String.join(" / ", parts);
	}

}
