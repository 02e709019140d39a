package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"regiepool/internal/config"
	"regiepool/internal/pgcluster"
)

// clusterRestartWindow: a self-managed PostgreSQL that dies is started again
// at once (the service keeps serving; requests meanwhile get 503), but one
// that dies again within this time of its restart is given up on: the
// service exits with an error and its supervisor (systemd's
// Restart=on-failure) takes over.
const clusterRestartWindow = time.Minute

// keptCluster is the service's own PostgreSQL, started again when it dies.
// The connection string stays the same (socket directory and port), so the
// service's pool reconnects by itself.
type keptCluster struct {
	dir    string
	log    *slog.Logger
	ctx    context.Context // ends with Stop: a restart in progress gives up
	cancel context.CancelFunc

	mu      sync.Mutex
	cluster *pgcluster.Cluster

	lost chan struct{} // closed when the cluster died and could not be kept
	done chan struct{} // closed when watch returns
}

// keepCluster starts the cluster under cfg.DataDir with its database and
// watches it.
func keepCluster(ctx context.Context, cfg config.Config, log *slog.Logger) (*keptCluster, error) {
	c, err := pgcluster.Start(ctx, cfg.DataDir, pgcluster.Options{Log: log})
	if err != nil {
		return nil, err
	}
	if err := c.EnsureDatabase(ctx, "regiepool"); err != nil {
		c.Stop()
		return nil, err
	}
	k := &keptCluster{dir: cfg.DataDir, log: log, cluster: c, lost: make(chan struct{}), done: make(chan struct{})}
	k.ctx, k.cancel = context.WithCancel(context.Background())
	go k.watch()
	return k, nil
}

// DSN is the connection string of the service's database.
func (k *keptCluster) DSN() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.cluster.DSN("regiepool")
}

// Lost is closed when the cluster died and was not started again.
func (k *keptCluster) Lost() <-chan struct{} { return k.lost }

func (k *keptCluster) watch() {
	defer close(k.done)
	var restarted time.Time
	for {
		k.mu.Lock()
		exited := k.cluster.Exited()
		k.mu.Unlock()
		select {
		case <-k.ctx.Done():
			return
		case <-exited:
		}
		if !restarted.IsZero() && time.Since(restarted) < clusterRestartWindow {
			k.log.Error("PostgreSQL stopped again soon after its restart; giving up", "window", clusterRestartWindow)
			close(k.lost)
			return
		}
		k.log.Error("PostgreSQL stopped unexpectedly; starting it again", "dataDir", k.dir)
		start := time.Now()
		c, err := k.restart()
		if err != nil {
			if k.ctx.Err() == nil {
				k.log.Error("PostgreSQL could not be started again", "err", err)
				close(k.lost)
			}
			return
		}
		k.mu.Lock()
		k.cluster = c
		k.mu.Unlock()
		restarted = time.Now()
		k.log.Warn("PostgreSQL started again after a crash", "took", restarted.Sub(start).Round(time.Millisecond))
	}
}

// restart starts the cluster again. The backends of a killed server need
// a moment to notice and let go of its shared memory, so a refused start
// is tried again for a few seconds.
func (k *keptCluster) restart() (*pgcluster.Cluster, error) {
	var err error
	for range 10 {
		var c *pgcluster.Cluster
		if c, err = pgcluster.Start(k.ctx, k.dir, pgcluster.Options{Log: k.log}); err == nil {
			return c, nil
		}
		select {
		case <-k.ctx.Done():
			return nil, k.ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return nil, err
}

// Stop ends the watch and stops the cluster.
func (k *keptCluster) Stop() error {
	k.cancel()
	<-k.done
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.cluster.Stop()
}
