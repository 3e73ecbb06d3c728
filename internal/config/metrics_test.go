package config

import (
	"flag"
	"testing"
)

func TestMetricsSettings(t *testing.T) {
	env := map[string]string{"TOPCOP_METRICS_ADDR": "127.0.0.1:9090", "TOPCOP_METRICS_TOKEN": "0123456789abcdef"}
	c := Default()
	if err := c.FromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != "127.0.0.1:9090" || c.MetricsToken != "0123456789abcdef" {
		t.Fatalf("metrics from env: addr %q token %q", c.MetricsAddr, c.MetricsToken)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}

	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c = Default()
	c.ServeFlags(fs)
	if err := fs.Parse([]string{"--metrics-addr", "127.0.0.1:9191"}); err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != "127.0.0.1:9191" {
		t.Fatalf("--metrics-addr gave %q", c.MetricsAddr)
	}
	if fs.Lookup("metrics-token") != nil {
		t.Fatal("the metrics token is a flag: it would show in ps")
	}

	for name, mut := range map[string]func(*Config){
		"addr without port":  func(c *Config) { c.MetricsAddr = "localhost" },
		"addr same as serve": func(c *Config) { c.MetricsAddr = c.Addr },
		"short token":        func(c *Config) { c.MetricsToken = "secret" },
	} {
		c := Default()
		mut(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: Validate accepted %+v", name, c)
		}
	}
}
