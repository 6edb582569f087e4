package httpserver

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Metrics counts requests and their durations per route and writes them in the
// Prometheus text exposition format. A handful of counters does not justify a
// client library.
type Metrics struct {
	mu       sync.Mutex
	requests map[metricKey]uint64
	buckets  map[string][]uint64 // per route pattern, cumulative counts per bound
	sums     map[string]float64
	counts   map[string]uint64
	started  time.Time
}

type metricKey struct {
	method, route string
	status        int
}

// durationBounds are the histogram's upper bounds in seconds.
var durationBounds = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[metricKey]uint64{}, buckets: map[string][]uint64{}, sums: map[string]float64{}, counts: map[string]uint64{}, started: time.Now()}
}

func (m *Metrics) observe(method, pattern string, status int, d time.Duration) {
	route := pattern
	if i := strings.IndexByte(route, ' '); i >= 0 {
		route = route[i+1:]
	}
	if route == "" {
		route = "unmatched" // keep label cardinality bounded
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[metricKey{method, route, status}]++
	b, ok := m.buckets[route]
	if !ok {
		b = make([]uint64, len(durationBounds))
		m.buckets[route] = b
	}
	s := d.Seconds()
	for i, bound := range durationBounds {
		if s <= bound {
			b[i]++
		}
	}
	m.sums[route] += s
	m.counts[route]++
}

// ServeHTTP writes the metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	var sb strings.Builder
	sb.WriteString("# HELP tongban_http_requests_total HTTP requests by method, route and status.\n# TYPE tongban_http_requests_total counter\n")
	keys := make([]metricKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		if keys[i].method != keys[j].method {
			return keys[i].method < keys[j].method
		}
		return keys[i].status < keys[j].status
	})
	for _, k := range keys {
		fmt.Fprintf(&sb, "tongban_http_requests_total{method=%q,route=%q,status=\"%d\"} %d\n", k.method, k.route, k.status, m.requests[k])
	}
	sb.WriteString("# HELP tongban_http_request_duration_seconds HTTP request durations by route.\n# TYPE tongban_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.buckets))
	for r := range m.buckets {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, route := range routes {
		for i, bound := range durationBounds {
			fmt.Fprintf(&sb, "tongban_http_request_duration_seconds_bucket{route=%q,le=\"%g\"} %d\n", route, bound, m.buckets[route][i])
		}
		fmt.Fprintf(&sb, "tongban_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", route, m.counts[route])
		fmt.Fprintf(&sb, "tongban_http_request_duration_seconds_sum{route=%q} %g\n", route, m.sums[route])
		fmt.Fprintf(&sb, "tongban_http_request_duration_seconds_count{route=%q} %d\n", route, m.counts[route])
	}
	fmt.Fprintf(&sb, "# HELP tongban_uptime_seconds Seconds since the process started.\n# TYPE tongban_uptime_seconds gauge\ntongban_uptime_seconds %g\n", time.Since(m.started).Seconds())
	_, _ = w.Write([]byte(sb.String()))
}
