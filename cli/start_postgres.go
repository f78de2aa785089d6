package cli

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
	"github.com/blocksql/blocksql/drivers/sqlite"
	pgfront "github.com/blocksql/blocksql/proxy/postgres"
	"github.com/blocksql/blocksql/replay"
)

// startPostgresNode runs a node of a postgres-dialect chain: consensus, the
// postgres apply engine on its local database (PostgreSQL or SQLite), the
// PostgreSQL frontend, and, as on the MySQL side, snapshots (SQLite) and
// /metrics, /healthz, /readyz and /status.
func startPostgresNode(ctx context.Context, home string, cfg Config, log *slog.Logger) error {
	drv, pool, err := openPostgresDialect(ctx, home, cfg.Database)
	if err != nil {
		return err
	}
	defer drv.Close()
	members, err := consensus.ReadMembership(home)
	if err != nil {
		return err
	}
	engine, err := replay.NewPG(ctx, drv, replay.PGWithRowHistory(cfg.Audit.RowHistory), replay.PGWithGenesisMembership(members))
	if err != nil {
		return err
	}
	defer startSnapshots(ctx, home, cfg.Snapshots, engine, log)()
	app := consensus.NewApp(engine, log)
	node, err := consensus.NewNode(home, app, log, cometMetrics()...)
	if err != nil {
		return err
	}
	node.SetWriteTimeout(cfg.Network.WriteTimeout.Duration)
	metrics := newNodeMetrics(home, engine, node, log)
	defer metrics.hook(app)()
	if err := node.Start(ctx); err != nil {
		return fmt.Errorf("start consensus: %w", err)
	}
	defer node.Stop()
	ln, err := net.Listen("tcp", cfg.Postgres.Listen)
	if err != nil {
		return &UsageError{Msg: fmt.Sprintf("cannot listen on %s: %v", cfg.Postgres.Listen, err),
			Hint: "set [postgres] listen in blocksql.toml"}
	}
	fcfg, err := postgresFrontend(home, cfg.Postgres)
	if err != nil {
		return err
	}
	fcfg.Users, fcfg.Speculator, fcfg.Results, fcfg.Prepared = cfg.Users, engine, cfg.Limits.budget(), cfg.Limits.prepared()
	if r, ok := drv.(pgfront.TextReader); ok && pool == nil {
		fcfg.Reader = r
	}
	srv := pgfront.New(fcfg, node, pool, log)
	frontend, stopFrontend := context.WithCancel(ctx)
	defer stopFrontend()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(frontend, ln) }()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	serveMetrics(ctx, cfg.Metrics.Listen, metrics, func() statusReport { return liveStatus(home, cfg, engine, node) }, node, log)
	log.Info("node started", "height", engine.Height(), "node", node.ID(), "dialect", "postgres")
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	fmt.Printf("blocksql is ready. Connect with:\n  psql -h %s -p %s -U postgres\n", host, port)
	return waitStop(ctx, app, stopFrontend, served, log)
}

// openPostgresDialect opens a postgres-dialect node's local database: the
// native PostgreSQL one (whose read-only pool answers the frontend's reads)
// or SQLite (no pool: the driver answers the frontend's reads itself).
func openPostgresDialect(ctx context.Context, home string, db DatabaseConfig) (drivers.TextDriver, *pgxpool.Pool, error) {
	if db.Driver == "sqlite" {
		path := inHome(home, db.DSN)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, nil, err
		}
		drv, err := sqlite.OpenPG(path)
		return drv, nil, err
	}
	drv, err := pgdriver.Open(ctx, db.DSN)
	if err != nil {
		return nil, nil, err
	}
	return drv, drv.Pool(), nil
}

// postgresFrontend is the PostgreSQL frontend's configuration from the
// [postgres] section, with its certificate loaded.
func postgresFrontend(home string, c ListenConfig) (pgfront.Config, error) {
	f := pgfront.Config{Auth: c.AuthPlugin, MaxConnections: c.MaxConnections,
		ConnectTimeout: time.Duration(c.ConnectTimeout) * time.Second, RequireTLS: c.RequireSecureTransport}
	switch c.AuthPlugin {
	case "", pgfront.AuthSCRAM, pgfront.AuthMD5, pgfront.AuthCleartext:
	default:
		return f, &UsageError{Msg: fmt.Sprintf("[postgres] auth_plugin %q is not known", c.AuthPlugin),
			Hint: "use scram-sha-256, md5 or cleartext"}
	}
	if c.TLSCert == "" || c.TLSKey == "" {
		if c.RequireSecureTransport {
			return f, &UsageError{Msg: "[postgres] require_secure_transport needs tls_cert and tls_key"}
		}
		return f, nil
	}
	cert, err := tls.LoadX509KeyPair(inHome(home, c.TLSCert), inHome(home, c.TLSKey))
	if err != nil {
		return f, fmt.Errorf("postgres frontend: TLS certificate: %w", err)
	}
	f.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	return f, nil
}
