package cli

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// openDriver opens the local database a config names.
func openDriver(home string, c DatabaseConfig) (drivers.Driver, error) {
	switch c.Driver {
	case "", "sqlite":
		path := c.DSN
		if path == "" {
			path = "data/blocksql.db"
		}
		if !filepath.IsAbs(path) {
			path = filepath.Join(home, path)
		}
		return sqlite.Open(path)
	case "mysql":
		return mysql.Open(c.DSN, c.Prefix)
	}
	return nil, &UsageError{Msg: fmt.Sprintf("unknown database driver %q in %s", c.Driver, ConfigFile),
		Hint: `driver = "sqlite" or driver = "mysql"`}
}

// openEngine opens the local database and the apply engine on it.
func openEngine(ctx context.Context, home string, c DatabaseConfig, log *slog.Logger, opts ...replay.Option) (*replay.Engine, error) {
	drv, err := openDriver(home, c)
	if err != nil {
		return nil, err
	}
	e, err := replay.New(ctx, drv, log, opts...)
	if err != nil {
		drv.Close()
		return nil, err
	}
	return e, nil
}
