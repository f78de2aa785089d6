package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/blocksql/blocksql/consensus"
)

// serveMetrics serves /metrics (blocksql's series and CometBFT's, which
// register with Prometheus' default registry), /healthz, /readyz,
// /status and, for a node, /membership until ctx ends. A listen failure is logged and the node runs
// on, as CometBFT does with its own metrics port.
func serveMetrics(ctx context.Context, listen string, m *nodeMetrics, status func() statusReport, node *consensus.Node, log *slog.Logger) {
	if listen == "" {
		return
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		log.Error("metrics and health endpoints disabled: cannot listen; set [metrics] listen in blocksql.toml",
			"addr", listen, "err", err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(prometheus.Gatherers{m.reg, prometheus.DefaultGatherer},
		promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { writeReady(w, status()) })
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(status())
	})
	if node != nil {
		serveMembership(mux, node)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	log.Info("metrics and health endpoints", "addr", "http://"+ln.Addr().String())
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
}

// writeReady answers /readyz: 200 when the node serves current data, 503
// with the reason while it catches up or after it halted.
func writeReady(w http.ResponseWriter, st statusReport) {
	switch {
	case st.Halted:
		http.Error(w, "halted: "+st.HaltError, http.StatusServiceUnavailable)
	case st.CatchingUp:
		http.Error(w, fmt.Sprintf("catching up: applied %d of %d", st.AppliedHeight, st.Height), http.StatusServiceUnavailable)
	default:
		fmt.Fprintln(w, "ready")
	}
}
