package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/blocksql/blocksql/consensus"
	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
	pgfront "github.com/blocksql/blocksql/proxy/postgres"
	"github.com/blocksql/blocksql/replay"
)

// startPostgresNode runs a node of a postgres-dialect chain: consensus, the
// postgres apply engine on the native PostgreSQL database and the
// PostgreSQL frontend. Snapshots, metrics and row history are MySQL-side
// features not yet wired for this dialect.
func startPostgresNode(ctx context.Context, home string, cfg Config, log *slog.Logger) error {
	drv, err := pgdriver.Open(ctx, cfg.Database.DSN)
	if err != nil {
		return err
	}
	defer drv.Close()
	engine, err := replay.NewPG(ctx, drv)
	if err != nil {
		return err
	}
	app := consensus.NewApp(engine, log)
	node, err := consensus.NewNode(home, app, log)
	if err != nil {
		return err
	}
	if err := node.Start(ctx); err != nil {
		return fmt.Errorf("start consensus: %w", err)
	}
	defer node.Stop()
	ln, err := net.Listen("tcp", cfg.Postgres.Listen)
	if err != nil {
		return &UsageError{Msg: fmt.Sprintf("cannot listen on %s: %v", cfg.Postgres.Listen, err),
			Hint: "set [postgres] listen in blocksql.toml"}
	}
	srv := pgfront.New(pgfront.Config{Users: cfg.Users, Auth: cfg.Postgres.AuthPlugin}, node, drv.Pool(), log)
	frontend, stopFrontend := context.WithCancel(ctx)
	defer stopFrontend()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(frontend, ln) }()
	log.Info("node started", "height", engine.Height(), "node", node.ID(), "dialect", "postgres")
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	fmt.Printf("blocksql is ready. Connect with:\n  psql -h %s -p %s -U postgres\n", host, port)
	return waitStop(ctx, app, stopFrontend, served, log)
}
