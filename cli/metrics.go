package cli

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/proxy"
	"github.com/blocksql/blocksql/replay"
	"github.com/blocksql/blocksql/replay/audit"
)

// MetricsConfig is the [metrics] section: where the node serves /metrics,
// /healthz, /readyz and /status. Empty turns the server off.
type MetricsConfig struct {
	Listen string `toml:"listen"`
}

// DefaultMetricsListen is CometBFT's usual Prometheus port, on loopback.
const DefaultMetricsListen = "127.0.0.1:26660"

// nodeMetrics are blocksql's own series, fed by hooks the proxy, the
// consensus app and the apply engine expose.
type nodeMetrics struct {
	reg           *prometheus.Registry
	writeSeconds  prometheus.Histogram
	applySeconds  prometheus.Histogram
	commitSeconds prometheus.Histogram
}

// latencyBuckets span a fast local write (~1 ms) to a slow network (~10 s).
var latencyBuckets = prometheus.ExponentialBuckets(0.0005, 2, 16)

// liveEngine is the apply engine of a running node of either dialect
// (*replay.Engine or *replay.PGEngine), as metrics and /status read it.
type liveEngine interface {
	Height() int64
}

// newNodeMetrics registers every series of a running node.
func newNodeMetrics(home string, engine liveEngine, node *consensus.Node, log *slog.Logger) *nodeMetrics {
	m := &nodeMetrics{reg: prometheus.NewRegistry(),
		writeSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "blocksql_write_seconds",
			Help: "Time from submitting a write transaction to the chain until its answer.", Buckets: latencyBuckets}),
		applySeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "blocksql_block_apply_seconds",
			Help: "Time to execute a decided block's statements.", Buckets: latencyBuckets}),
		commitSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "blocksql_block_commit_seconds",
			Help: "Time from CometBFT's Commit to the local database's commit.", Buckets: latencyBuckets}),
	}
	// Go and process metrics come with Prometheus' default registry.
	m.reg.MustRegister(m.writeSeconds, m.applySeconds, m.commitSeconds, statementCollector{})
	gauge := func(name, help string, f func() float64) {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	gauge("blocksql_applied_height", "Height of the newest block committed to the local database.",
		func() float64 { return float64(engine.Height()) })
	gauge("blocksql_chain_height", "Height of the newest block in the block store.",
		func() float64 { return float64(node.Height()) })
	gauge("blocksql_mempool_txs", "Transactions waiting in the mempool.",
		func() float64 { return float64(node.MempoolSize()) })
	gauge("blocksql_peers", "Connected CometBFT peers.", func() float64 { return float64(node.Peers()) })
	gauge("blocksql_halted", "1 once the node stopped applying blocks (see the log).", func() float64 {
		return boolFloat(node.App().Err() != nil)
	})
	gauge("blocksql_oplog_lag_blocks", "Applied blocks not yet in the operation log (blocksql.blocks).",
		func() float64 { return float64(oplogLag(engine, log)) })
	m.registerSnapshotAge(filepath.Join(home, SnapshotDir), engine, gauge)
	return m
}

// registerSnapshotAge exports how far the newest snapshot is behind.
func (m *nodeMetrics) registerSnapshotAge(dir string, engine liveEngine, gauge func(string, string, func() float64)) {
	newest := func() (replay.SnapshotInfo, bool) {
		list, err := replay.ListSnapshots(dir)
		if err != nil || len(list) == 0 {
			return replay.SnapshotInfo{}, false
		}
		return list[len(list)-1], true
	}
	gauge("blocksql_snapshot_age_blocks", "Blocks applied since the newest snapshot (-1: none).", func() float64 {
		if s, ok := newest(); ok {
			return float64(engine.Height() - s.Height)
		}
		return -1
	})
	gauge("blocksql_snapshot_age_seconds", "Seconds since the newest snapshot was taken (-1: none).", func() float64 {
		if s, ok := newest(); ok {
			return time.Since(s.Created).Seconds()
		}
		return -1
	})
}

// hook connects the histograms to the proxy and the consensus app.
func (m *nodeMetrics) hook(app *consensus.App) (unhook func()) {
	proxy.GlobalStats().OnWrite(func(d time.Duration) { m.writeSeconds.Observe(d.Seconds()) })
	app.OnBlock(func(b consensus.BlockStats) {
		m.applySeconds.Observe(b.Apply.Seconds())
		m.commitSeconds.Observe(b.Commit.Seconds())
	})
	return func() { proxy.GlobalStats().OnWrite(nil) }
}

// oplogLag is the applied height minus the newest height in the
// operation log; 0 when the log is written with each block (always, on a
// postgres-dialect chain).
func oplogLag(live liveEngine, log *slog.Logger) int64 {
	engine, ok := live.(*replay.Engine)
	if !ok {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	h, err := audit.AppliedHeight(ctx, engine.Driver())
	if err != nil {
		log.Debug("metrics: read the operation log height", "err", err)
		return 0
	}
	return max(engine.Height()-h, 0)
}

// statementCollector exports the proxy's statement counters.
type statementCollector struct{}

var (
	statementsDesc = prometheus.NewDesc("blocksql_statements_total",
		"Statements answered, by kind (select, insert, ...) and outcome (ok, error).", []string{"kind", "outcome"}, nil)
	connectionsDesc = prometheus.NewDesc("blocksql_connections",
		"Open client connections.", nil, nil)
	connectionsTotalDesc = prometheus.NewDesc("blocksql_connections_total",
		"Client connections accepted since the start.", nil, nil)
)

func (statementCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- statementsDesc
	ch <- connectionsDesc
	ch <- connectionsTotalDesc
}

func (statementCollector) Collect(ch chan<- prometheus.Metric) {
	st := proxy.GlobalStats().Snapshot()
	for _, k := range proxy.StatementKinds() {
		ch <- prometheus.MustNewConstMetric(statementsDesc, prometheus.CounterValue, float64(st.OK[k]), k, "ok")
		ch <- prometheus.MustNewConstMetric(statementsDesc, prometheus.CounterValue, float64(st.Failed[k]), k, "error")
	}
	ch <- prometheus.MustNewConstMetric(connectionsDesc, prometheus.GaugeValue, float64(st.Connected))
	ch <- prometheus.MustNewConstMetric(connectionsTotalDesc, prometheus.CounterValue, float64(st.Connections))
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
