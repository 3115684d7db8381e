-- The capture account of config/docker/pipeline.yaml: the privileges Debezium's MySQL connector needs.
CREATE USER IF NOT EXISTS 'ferry'@'%' IDENTIFIED BY 'ferry-source-secret';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'ferry'@'%';
CREATE TABLE IF NOT EXISTS shop.orders (
  id BIGINT NOT NULL PRIMARY KEY,
  status VARCHAR(20) NOT NULL,
  amount DECIMAL(12,2) NOT NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
INSERT IGNORE INTO shop.orders (id, status, amount) VALUES (1, 'new', 10.00), (2, 'paid', 25.50);
