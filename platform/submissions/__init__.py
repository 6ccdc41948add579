"""What an organization submits to its committee for review: the annual Party-building report
(党建情况年报) and the province's annual inspection checklist (年检清单, 002 第九条(二)),
filled in by the organization's secretary or liaison, submitted, and accepted or returned by
the committee with a rectification demand; a returned one shows what to fix.

Its own app, not the registry: the registry holds records of fact that many paths write
(API, imports, forms); a submission is a small review workflow (draft → submitted → returned
or accepted) that only the web forms drive, and its migrations stay apart from the registry's.
"""
