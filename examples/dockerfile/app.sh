#!/bin/sh
cat /app/greeting /app/stamp
echo "mode: $APP_MODE"
