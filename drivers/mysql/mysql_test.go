package mysql

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/driverstest"
	"github.com/blocksql/blocksql/drivers/sqlite"
)

// testDSN is the MariaDB every development and CI machine runs.
const testDSN = "root@tcp(127.0.0.1:3306)/"

var (
	reachOnce sync.Once
	reachErr  error
)

// openTest opens the driver on a fresh, random prefix that is dropped when
// the test ends, so it never touches a database it did not create.
func openTest(t *testing.T) drivers.Driver {
	t.Helper()
	reachOnce.Do(func() {
		d, err := Open(testDSN, "blocksql_probe_")
		if err == nil {
			d.Close()
		}
		reachErr = err
	})
	if reachErr != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("MariaDB at %s is required (BLOCKSQL_REQUIRE_BACKENDS=1): %v", testDSN, reachErr)
		}
		t.Skipf("MariaDB not reachable at %s (%v); start it or set BLOCKSQL_REQUIRE_BACKENDS=1 to fail instead", testDSN, reachErr)
	}
	b := make([]byte, 4)
	rand.Read(b)
	prefix := "blocksql_test_" + hex.EncodeToString(b) + "_"
	d, err := Open(testDSN, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.Close()
		if err := DropPrefix(context.Background(), testDSN, prefix); err != nil {
			t.Errorf("drop test databases: %v", err)
		}
	})
	if err := d.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

func openSQLite(t *testing.T) drivers.Driver {
	d, err := sqlite.Open(filepath.Join(t.TempDir(), "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDriver(t *testing.T) { driverstest.Run(t, openTest) }

// TestSameAsSQLite runs the corpus on SQLite and on MariaDB and asserts
// both report the same outcomes and hold the same rows.
func TestSameAsSQLite(t *testing.T) { driverstest.CrossCheck(t, openSQLite, openTest) }
