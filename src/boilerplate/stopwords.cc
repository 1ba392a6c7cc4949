#include "stopwords.h"


namespace winnow::boilerplate {
namespace {

// One string per language, words separated by spaces.
constexpr std::string_view kEnglish =
    "a about above after again against all also am an and any are as at be "
    "because been before being below between both but by can could did do "
    "does doing down during each even every few for from further had has "
    "have having he her here hers herself him himself his how however i if "
    "in into is it its itself just may me might more most much must my "
    "myself no nor not now of off on once only or other our ours ourselves "
    "out over own same shall she should since so some such than that the "
    "their theirs them themselves then there these they this those through "
    "to too under until up upon very was we were what when where whether "
    "which while who whom whose why will with within without would yet you "
    "your yours yourself yourselves s t don doesn didn isn wasn aren weren "
    "won wouldn couldn shouldn ll re ve d m";

constexpr std::string_view kGerman =
    "aber alle allem allen aller alles als also am an andere anderen auch "
    "auf aus bei beim bin bis bist bereits da damit dann das dass dem den "
    "denen denn der deren des dich die dies diese diesem diesen dieser "
    "dieses dir doch dort du durch ein eine einem einen einer eines er es "
    "etwa etwas euch euer für gegen gewesen hab habe haben hat hatte hatten "
    "hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im "
    "immer in indem ins ist jede jedem jeden jeder jedes jedoch jetzt kann "
    "kein keine keinen können könnte man manche mehr mein meine mich mir "
    "mit muss musste nach nicht nichts noch nun nur ob oder ohne schon sehr "
    "sei sein seine seinem seinen seiner seit sich sie sind so sodass soll "
    "sollte sondern sonst über um und uns unser unsere unter viel vom von "
    "vor während war wäre waren warum was weil welche welchem welchen "
    "welcher wenn wer werde werden wie wieder will wir wird wo wollen wurde "
    "wurden würde zu zum zur zwar zwischen";

constexpr std::string_view kFrench =
    "à ai ainsi alors après au aucun aussi autre aux avait avant avec avoir "
    "bien c car ce ceci cela celle celui ces cet cette ceux chez comme dans "
    "d de depuis des donc dont du elle elles en encore entre est et été "
    "être eu eux fait il ils j je l la le les leur leurs lors lui m ma mais "
    "me même mes moi mon n ne ni nos notre nous on ont ou où par pas peu "
    "peut plus pour pourquoi qu quand que quel quelle quels qui s sa sans "
    "se selon ses si son sont sous sur t ta te tes toi ton tous tout toute "
    "toutes très tu un une vers vos votre vous y ça";

constexpr std::string_view kSpanish =
    "a al algo algunos ante antes aquí así aunque cada como con contra "
    "cual cuando de del desde donde durante e el él ella ellas ellos en "
    "entre era eran es esa esas ese eso esos esta está están estas este "
    "esto estos fue fueron ha había han hasta hay la las le les lo los más "
    "me mi mis mucho muy ni no nos nosotros o otra otras otro otros para "
    "pero poco por porque pues que qué quien se sea según ser si sí sido "
    "sin sobre son su sus también tan te tiene tienen todo todos tras tu "
    "tus un una uno unos y ya yo";

constexpr std::string_view kItalian =
    "a ad agli al alla alle allo anche ancora che chi ci come con così cui "
    "da dai dal dalla dalle degli dei del dell della delle dello di dopo "
    "dove e è ed era erano essere fatto gli già ha hanno ho i il in l la le "
    "lei li lo loro lui ma mi molto ne nei nel nell nella nelle nello noi "
    "non o per perché più poi quale quando quanto quella quelle quelli "
    "quello questa queste questi questo se sei si sia siamo solo sono stata "
    "stato su sua sue sui sul sull sulla suo suoi tra tu tutti tutto un "
    "una uno vi voi";

constexpr std::string_view kPortuguese =
    "a à ainda ao aos as às até com como da das de dela dele deles depois "
    "do dos e é ela elas ele eles em entre era essa esse esta está estão "
    "este eu foi foram há isso isto já lhe mais mas me mesmo meu minha "
    "muito na nas não nem no nos nós o os ou para pela pelas pelo pelos "
    "pode por qual quando que quem se sem ser seu seus sobre sua suas são "
    "também te tem têm um uma umas uns você vocês";

constexpr std::string_view kRussian =
    "а без более бы был была были было быть в вам вас весь во вот все "
    "всего всех вы где да даже для до его ее её ей ему если есть еще ещё "
    "же за здесь и из или им их к как когда кто ли либо мне может мы на "
    "над надо наш не него нее неё нет ни них но ну о об однако он она они "
    "оно от очень по под после при с со так также такой там те тем то того "
    "тоже той только том ты у уже хотя чего чем что чтобы эта эти это "
    "этого этой этом этот я";

void ForWordsOf(std::string_view words, Language l,
                const std::function<void(std::string_view, Language)>& fn) {
  size_t pos = 0;
  while (pos < words.size()) {
    size_t sp = words.find(' ', pos);
    if (sp == std::string_view::npos) sp = words.size();
    if (sp > pos) fn(words.substr(pos, sp - pos), l);
    pos = sp + 1;
  }
}

}  // namespace

void ForEachStopword(
    const std::function<void(std::string_view, Language)>& fn) {
  ForWordsOf(kEnglish, Language::kEnglish, fn);
  ForWordsOf(kGerman, Language::kGerman, fn);
  ForWordsOf(kFrench, Language::kFrench, fn);
  ForWordsOf(kSpanish, Language::kSpanish, fn);
  ForWordsOf(kItalian, Language::kItalian, fn);
  ForWordsOf(kPortuguese, Language::kPortuguese, fn);
  ForWordsOf(kRussian, Language::kRussian, fn);
}

}  // namespace winnow::boilerplate
