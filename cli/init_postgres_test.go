package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
)

// TestInitDialect: the dialect is fixed in the genesis and the config; a
// MySQL chain's genesis names none; a postgres chain applies to SQLite by
// default or to PostgreSQL given its DSN; start refuses a config that
// contradicts the genesis.
func TestInitDialect(t *testing.T) {
	dir := t.TempDir()
	pg, my, lite := filepath.Join(dir, "pg"), filepath.Join(dir, "my"), filepath.Join(dir, "lite")
	if _, stderr, code := runCLI(t, "init", "--home", pg, "--dialect", "postgres", "--driver", "postgres"); code != exitUsage || !strings.Contains(stderr, "--driver postgres --dsn") {
		t.Fatalf("postgres without its DSN: code %d, %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "init", "--home", lite, "--dialect", "postgres", "--metrics-listen", ""); code != 0 {
		t.Fatalf("init postgres on SQLite: %s", stderr)
	}
	if cfg, err := loadConfig(lite); err != nil || cfg.Database.Driver != "sqlite" || cfg.Dialect != "postgres" {
		t.Fatalf("postgres on SQLite config: %+v, %v", cfg.Database, err)
	}
	if _, stderr, code := runCLI(t, "init", "--home", pg, "--dialect", "postgres", "--driver", "postgres",
		"--dsn", "postgres://postgres@127.0.0.1:5432/x", "--metrics-listen", ""); code != 0 {
		t.Fatalf("init postgres: %s", stderr)
	}
	if _, stderr, code := runCLI(t, "init", "--home", my, "--metrics-listen", ""); code != 0 {
		t.Fatalf("init mysql: %s", stderr)
	}
	for home, want := range map[string]string{pg: "postgres", my: "mysql"} {
		got, err := consensus.GenesisDialect(home)
		if err != nil || got != want {
			t.Errorf("%s: genesis dialect %q, %v; want %q", home, got, err, want)
		}
		cfg, err := loadConfig(home)
		if err != nil || cfg.Dialect != want {
			t.Errorf("%s: config dialect %q, %v; want %q", home, cfg.Dialect, err, want)
		}
	}
	cfg, _ := loadConfig(my)
	cfg.Dialect = "postgres"
	if err := checkDialect(my, cfg); err == nil || !strings.Contains(err.Error(), "genesis says mysql") {
		t.Fatalf("contradicting dialect: %v", err)
	}
}
