"""English dates as the site has always written them: day, month, year ("31 May 2017"),
where Django's English default is American ("May 31, 2017")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
