DROP TABLE feature_flags;
DROP TABLE messages;
DROP TABLE conversations;
