package main

import (
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/consensus"
)

// genesisCmd assembles the genesis of a network whose nodes were each
// created with `blocksql init` on their own machine.
type genesisCmd struct{}

func init() { register("genesis", genesisCmd{}) }

func (genesisCmd) Summary() string {
	return "assemble a network's genesis: show a node's keys, add validators and submitting nodes"
}

const genesisHint = "blocksql genesis show|add-validator|add-node --home H (see README, Cluster)"

func (genesisCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &UsageError{Msg: "genesis needs a subcommand", Hint: genesisHint}
	}
	fs := flag.NewFlagSet("genesis "+args[0], flag.ContinueOnError)
	home := fs.String("home", defaultHome(), "node home directory")
	key := fs.String("key", "", "hex ed25519 public key as `blocksql genesis show` prints it")
	power := fs.Int64("power", 10, "add-validator: voting power")
	name := fs.String("name", "", "add-validator: validator name")
	if err := fs.Parse(args[1:]); err != nil {
		return &UsageError{Msg: err.Error(), Hint: genesisHint}
	}
	switch args[0] {
	case "show":
		return showIdentity(*home)
	case "add-validator", "add-node":
		pub, err := consensus.ParseKey(*key)
		if err != nil {
			return &UsageError{Msg: err.Error(), Hint: genesisHint}
		}
		if args[0] == "add-node" {
			return consensus.AddAuthorizedNode(*home, pub)
		}
		return consensus.AddValidator(*home, consensus.Validator{PubKey: pub, Power: *power, Name: *name})
	}
	return &UsageError{Msg: fmt.Sprintf("unknown genesis subcommand %q", args[0]), Hint: genesisHint}
}

// showIdentity prints what the other nodes of a network need to know of
// this one, as the commands that add it.
func showIdentity(home string) error {
	id, err := consensus.ReadIdentity(home)
	if err != nil {
		return err
	}
	c, err := consensus.LoadConfig(home)
	if err != nil {
		return err
	}
	addr := strings.TrimPrefix(c.P2P.ListenAddress, "tcp://")
	fmt.Printf("node id        %s\npeer address   %s@%s (use this machine's reachable address)\n", id.NodeID, id.NodeID, addr)
	fmt.Printf("validator key  %s\nnode key       %s\n\n", hex.EncodeToString(id.ValidatorKey), hex.EncodeToString(id.NodeKey))
	fmt.Println("On the machine assembling the genesis:")
	fmt.Printf("  blocksql genesis add-validator --home H --key %s --name %s\n", hex.EncodeToString(id.ValidatorKey), c.Moniker)
	fmt.Printf("  blocksql genesis add-node --home H --key %s\n", hex.EncodeToString(id.NodeKey))
	return nil
}
