# blocksql: `make run` starts a single node, `make test` runs every test.
GO        ?= go
BIN       := bin/blocksql
HOME_DIR  ?= $(if $(BLOCKSQL_HOME),$(BLOCKSQL_HOME),.blocksql)
TEST_FLAGS ?= -count=1 -timeout 18m
# SQLite hands row changes to the engine through its pre-update hook
# (drivers/sqlite/rowhook.go) only when built with this tag; without it the
# engine falls back to capture triggers, same AppHash, slower writes.
GOTAGS    ?= sqlite_preupdate_hook
export GOFLAGS := $(strip $(GOFLAGS) -tags=$(GOTAGS))
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS   := -X github.com/blocksql/blocksql/cli.version=$(VERSION) -X github.com/blocksql/blocksql/cli.commit=$(COMMIT)

.PHONY: build run test bench sysbench pgbench gosqldriver-suite clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cli/blocksql

# Initializes a single-validator SQLite home if none exists, then starts it.
# DIALECT=postgres: a postgres-dialect node applying to database $(PG_DB) of
# the PostgreSQL server at PG_URL (created if missing), home .blocksql-pg.
DIALECT   ?= mysql
PG_URL    ?= postgres://postgres@127.0.0.1:5432
PG_DB     ?= blocksql
ifeq ($(DIALECT),postgres)
HOME_DIR  := $(if $(BLOCKSQL_HOME),$(BLOCKSQL_HOME),.blocksql-pg)
INIT_ARGS := --dialect postgres --driver postgres --dsn '$(PG_URL)/$(PG_DB)?sslmode=disable'
endif
run: build
	@if [ "$(DIALECT)" = postgres ] && ! psql -X '$(PG_URL)/postgres' -tAc "SELECT 1 FROM pg_database WHERE datname = '$(PG_DB)'" | grep -q 1; then \
		psql -X '$(PG_URL)/postgres' -c 'CREATE DATABASE "$(PG_DB)"'; fi
	@test -f $(HOME_DIR)/blocksql.toml || ./$(BIN) init --home $(HOME_DIR) $(INIT_ARGS)
	./$(BIN) start --home $(HOME_DIR)

test: build
	$(GO) vet ./...
	BLOCKSQL_BIN=$(CURDIR)/$(BIN) $(GO) test $(TEST_FLAGS) ./...

# A full run is about 8 minutes of client workloads plus the restore
# workload (a 1,000,000-statement chain written, then restored); BENCH_FLAGS=--quick
# takes about one minute.
BENCH_FLAGS ?=
bench: build
	./$(BIN) bench --out bench-results $(BENCH_FLAGS)

# sysbench OLTP workloads against a fresh node and MariaDB direct, tps side
# by side (needs sysbench and the mariadb client: apt-get install -y sysbench mariadb-client).
sysbench:
	scripts/sysbench.sh

# pgbench's TPC-B-like workload against a fresh postgres-dialect node and
# PostgreSQL direct, tps side by side (needs pgbench: apt-get install -y postgresql-client).
pgbench:
	scripts/pgbench.sh

# go-sql-driver/mysql's own test suite against a fresh node.
gosqldriver-suite:
	scripts/gosqldriver-suite.sh

clean:
	rm -rf bin
