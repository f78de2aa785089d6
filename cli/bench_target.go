package cli

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver of the direct baseline

	"github.com/blocksql/blocksql/drivers/mysql"
)

// Target names in the report.
const (
	benchTargetBlocksql = "blocksql"
	benchTargetSQLite   = "sqlite-direct"
	benchTargetMariaDB  = "mariadb-direct"
	// benchTargetMariaDBTCP is MariaDB over TCP beside a SQLite node: the
	// fair denominator for a read through the proxy, itself a network server.
	benchTargetMariaDBTCP = "mariadb-tcp"
	benchTargetConsensus  = "consensus"
	benchProxyDatabase    = "bench"
)

// benchDialect is what differs between the MySQL dialect (blocksql and
// MariaDB) and SQLite in the statements the workloads send.
type benchDialect struct {
	table  func(name string) string    // a workload table, quoted
	create func(table string) []string // DDL of a fresh workload table
}

var benchMySQLDialect = benchDialect{
	table: func(name string) string { return "`" + name + "`" },
	create: func(t string) []string {
		return []string{"DROP TABLE IF EXISTS " + t,
			"CREATE TABLE " + t + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL DEFAULT 0, " +
				"c VARCHAR(120) NOT NULL, pad VARCHAR(60) NOT NULL, KEY k_idx (k))"}
	},
}

// benchSQLiteDialect names tables the way drivers/sqlite names a logical
// table ("db.table"), in a database of its own, so the direct baseline
// shares the node's file without touching the node's tables.
var benchSQLiteDialect = benchDialect{
	table: func(name string) string { return `"direct.` + name + `"` },
	create: func(t string) []string {
		idx := t[:len(t)-1] + `.k_idx"`
		return []string{"DROP TABLE IF EXISTS " + t,
			"CREATE TABLE " + t + " (id INTEGER PRIMARY KEY AUTOINCREMENT, k INTEGER NOT NULL DEFAULT 0, " +
				"c TEXT NOT NULL, pad TEXT NOT NULL)",
			"CREATE INDEX " + idx + " ON " + t + " (k)"}
	},
}

// sqlTarget is a database the SQL workloads run against through
// database/sql: blocksql's frontends, or the local database directly.
type sqlTarget struct {
	name    string
	driver  string   // database/sql driver name
	dsns    []string // clients are spread over these round robin
	dialect benchDialect
	setup   func(ctx context.Context) error // creates the schema
	// cpu is the CPU time the target has used, its clients included: this
	// process's (benchCPU) unless its nodes run as processes of their own.
	cpu func() time.Duration
}

// openPools opens one pool per DSN with enough connections for its share
// of clients, so every client holds a connection of its own.
func (t *sqlTarget) openPools(clients int) ([]*sql.DB, error) {
	var pools []*sql.DB
	for i, dsn := range t.dsns {
		share := (clients + len(t.dsns) - 1 - i) / len(t.dsns)
		db, err := sql.Open(t.driver, dsn)
		if err != nil {
			benchClosePools(pools)
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		db.SetMaxOpenConns(max(share, 1))
		db.SetMaxIdleConns(max(share, 1))
		pools = append(pools, db)
	}
	return pools, nil
}

func benchClosePools(pools []*sql.DB) {
	for _, p := range pools {
		p.Close()
	}
}

// proxyTarget connects to blocksql's MySQL frontends as root.
func proxyTarget(addrs []string) *sqlTarget {
	t := &sqlTarget{name: benchTargetBlocksql, driver: "mysql", dialect: benchMySQLDialect}
	for _, a := range addrs {
		t.dsns = append(t.dsns, benchDSN("root", a, benchProxyDatabase))
	}
	admin := benchDSN("root", addrs[0], "")
	t.setup = func(ctx context.Context) error {
		return benchExec(ctx, "mysql", admin, "CREATE DATABASE IF NOT EXISTS "+benchProxyDatabase)
	}
	return t
}

// benchDSN is a go-sql-driver DSN. Interpolated parameters make a
// statement with arguments one round trip, as a client library sending
// text queries does; point-select prepares explicitly instead.
func benchDSN(user, addr, db string) string {
	c := gomysql.NewConfig()
	c.User, c.Net, c.Addr, c.DBName = user, "tcp", addr, db
	c.InterpolateParams = true
	c.Timeout = 10 * time.Second
	return c.FormatDSN()
}

func benchExec(ctx context.Context, driver, dsn string, stmts ...string) error {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// benchBackend is the local database of the run: the node's, and the one
// the direct baseline uses.
type benchBackend struct {
	kind   string // sqlite or mysql
	dsn    string // server DSN for mysql, and of the MariaDB-over-TCP baseline
	prefix string // physical database prefix of this run on the server
	// usedServer is set once the run created databases on the server.
	usedServer bool
}

func newBenchBackend(o benchOptions) *benchBackend {
	return &benchBackend{kind: o.backend, dsn: o.mysqlDSN,
		prefix: fmt.Sprintf("blocksql_bench_%d_", time.Now().UnixNano()%1e12)}
}

// nodeDatabase is node i's local database.
func (b *benchBackend) nodeDatabase(i int) DatabaseConfig {
	if b.kind == "mysql" {
		return DatabaseConfig{Driver: "mysql", DSN: b.dsn, Prefix: fmt.Sprintf("%sn%d_", b.prefix, i)}
	}
	return DatabaseConfig{Driver: "sqlite", DSN: "data/blocksql.db"}
}

// cleanup drops what the run created on a database server; temporary
// homes hold everything else.
func (b *benchBackend) cleanup(log *slog.Logger) {
	if b.kind != "mysql" && !b.usedServer {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := mysql.DropPrefix(ctx, b.dsn, b.prefix); err != nil {
		log.Warn("drop bench databases", "prefix", b.prefix, "err", err)
	}
}

// directTarget is the baseline: the first node's SQLite file opened with
// go-sqlite3 and the pragmas drivers/sqlite uses, or the MariaDB server.
func (b *benchBackend) directTarget(homes []string) (*sqlTarget, error) {
	if b.kind == "mysql" {
		return b.mariadbTarget(benchTargetMariaDB)
	}
	path := filepath.Join(homes[0], b.nodeDatabase(0).DSN)
	// The pragmas of drivers/sqlite, and immediate transactions as its
	// writer uses: a deferred one that reads first cannot be upgraded while
	// another connection writes. The node has one writer that never waits
	// for a lock; hundreds of direct writers do, hence the longer timeout.
	dsn := "file:" + path + "?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=60000&_foreign_keys=0&_txlock=immediate"
	return &sqlTarget{name: benchTargetSQLite, driver: "sqlite3", dsns: []string{dsn}, dialect: benchSQLiteDialect,
		setup: func(context.Context) error { return nil }}, nil
}

// mariadbTarget is the MariaDB server of --mysql-dsn, in a database of
// this run's own, under the target name given.
func (b *benchBackend) mariadbTarget(target string) (*sqlTarget, error) {
	cfg, err := gomysql.ParseDSN(b.dsn)
	if err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("bad --mysql-dsn: %v", err), Hint: "blocksql bench --backend mysql --mysql-dsn 'root@tcp(127.0.0.1:3306)/'"}
	}
	name := b.prefix + "direct"
	admin := cfg.Clone()
	admin.DBName = ""
	cfg.DBName, cfg.InterpolateParams = name, true
	return &sqlTarget{name: target, driver: "mysql", dsns: []string{cfg.FormatDSN()}, dialect: benchMySQLDialect,
		setup: func(ctx context.Context) error {
			b.usedServer = true
			return benchExec(ctx, "mysql", admin.FormatDSN(), "CREATE DATABASE IF NOT EXISTS `"+name+"`")
		}}, nil
}

// serverFreeConnections is how many more connections the server of
// --mysql-dsn accepts, less a few for the run's own administration and
// for other clients.
func (b *benchBackend) serverFreeConnections(ctx context.Context) (int, error) {
	cfg, err := gomysql.ParseDSN(b.dsn)
	if err != nil {
		return 0, err
	}
	cfg.DBName = ""
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var maxConns, used int
	var name string
	if err := db.QueryRowContext(ctx, "SELECT @@max_connections").Scan(&maxConns); err != nil {
		return 0, err
	}
	if err := db.QueryRowContext(ctx, "SHOW STATUS LIKE 'Threads_connected'").Scan(&name, &used); err != nil {
		return 0, err
	}
	return maxConns - used - 10, nil
}

// benchServerReachable tells why the MariaDB server of --mysql-dsn cannot
// be used, or nil.
func (b *benchBackend) serverReachable(ctx context.Context) error {
	cfg, err := gomysql.ParseDSN(b.dsn)
	if err != nil {
		return err
	}
	cfg.DBName, cfg.Timeout = "", 3*time.Second
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}
